import { type CreateResourceBody, isResourceFileType, resourceLimits } from '@kindred/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { Checkbox } from '../../components/ui/Checkbox';
import { Form, FormSubmit } from '../../components/ui/Form';
import { Options, SelectField } from '../../components/ui/SelectField';
import { TagInput } from '../../components/ui/TagInput';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { TextField } from '../../components/ui/TextField';
import { showToast } from '../../components/ui/toast-store';
import { ApiError, errorMessage } from '../../lib/api-error';
import { usePageTitle } from '../../lib/use-page-title';
import { QueryState } from '../admin/QueryState';
import { useMe } from '../identity/me-query';
import { FileUploader } from './FileUploader';
import { languageName, typeInfo } from './format';
import { libraryLanguages, libraryTopics } from './library-options';
import { MarkdownField } from './MarkdownField';
import { canEditResources } from './permissions';
import {
  createResource,
  refreshResources,
  type Resource,
  resourceQueryOptions,
  type ResourceType,
  resourceTypes,
  updateResource,
} from './resources-api';
import { ResourceDailyStats } from './ResourceDailyStats';
import { StatusActions } from './StatusActions';

interface Fields {
  type: ResourceType;
  title: string;
  summary: string;
  body: string;
  url: string;
  topics: string[];
  language: string;
  featured: boolean;
}
type FieldErrors = Partial<Record<keyof Fields, string>>;

const emptyDraft: Fields = {
  type: 'article',
  title: '',
  summary: '',
  body: '',
  url: '',
  topics: [],
  language: 'en',
  featured: false,
};

function fieldsOf(resource: Resource): Fields {
  return {
    type: resource.type,
    title: resource.title,
    summary: resource.summary,
    body: resource.body ?? '',
    url: resource.url ?? '',
    topics: [...resource.topics],
    language: resource.language,
    featured: resource.featured,
  };
}

/** What is sent: only the fields the type uses (and `featured` only from admins). */
function draftOf(fields: Fields, isAdmin: boolean) {
  return {
    type: fields.type,
    title: fields.title.trim(),
    summary: fields.summary.trim(),
    topics: fields.topics,
    language: fields.language,
    ...(fields.type === 'link' ? { url: fields.url.trim() } : {}),
    ...(fields.body.trim() || fields.type === 'article' ? { body: fields.body } : {}),
    ...(isAdmin ? { featured: fields.featured } : {}),
  } satisfies CreateResourceBody;
}

/** The server's field errors under their fields (`topics.1` goes to topics). */
function serverFieldErrors(error: unknown): FieldErrors {
  const found: FieldErrors = {};
  if (!(error instanceof ApiError)) return found;
  for (const detail of error.details) {
    const name = detail.path.split('.')[0] as keyof Fields;
    if (name in emptyDraft && !found[name]) found[name] = detail.message;
  }
  return found;
}

function EditorForm({ resource }: { resource: Resource | null }) {
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const [saved, setSaved] = useState<Resource | null>(resource);
  const [fields, setFields] = useState<Fields>(resource ? fieldsOf(resource) : emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const current = saved ?? resource;
  usePageTitle(current ? `Edit ${current.title}` : 'Write a resource');

  const set = <K extends keyof Fields>(name: K, value: Fields[K]) => {
    setFields((f) => ({ ...f, [name]: value }));
    if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
  };
  /** What a text field (or select) for one of the text fields needs: value, error, onChange. */
  const textField = (name: 'title' | 'summary' | 'url' | 'language') => ({
    value: fields[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) => set(name, event.target.value),
  });

  async function save() {
    const missing: FieldErrors = {};
    if (!fields.title.trim()) missing.title = 'Give it a title';
    if (!fields.summary.trim()) missing.summary = 'Write a sentence or two about it';
    if (fields.type === 'link' && !fields.url.trim()) missing.url = 'A link needs its web address';
    if (fields.type === 'article' && !fields.body.trim())
      missing.body = 'An article needs its text';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      setFormError('Please fix the fields marked above.');
      const first = Object.keys(missing)[0];
      document
        .querySelector<HTMLElement>(`[data-field="${first}"] :is(input,textarea,select)`)
        ?.focus();
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const draft = draftOf(fields, me?.is_admin ?? false);
      if (current) {
        const { type: _type, ...changes } = draft;
        // Notes taken out are cleared, not left as they were.
        const updated = await updateResource(current.id, {
          ...changes,
          ...(fields.type !== 'article' && !fields.body.trim() ? { body: null } : {}),
        });
        setSaved(updated);
        setFields(fieldsOf(updated));
        showToast('Saved', 'success');
      } else {
        const created = await createResource(draft);
        showToast('Draft saved', 'success');
        void navigate(`/library/${created.id}/edit`, { replace: true });
      }
      await refreshResources(queryClient);
    } catch (error) {
      setErrors(serverFieldErrors(error));
      setFormError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  if (!me) return null;
  if (!canEditResources(me)) {
    return (
      <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
        <h1 className="text-3xl">Only editors can write resources</h1>
        <p>Approved listeners and the Kindred team write the library's resources.</p>
        <ButtonLink to="/library">Go to the library</ButtonLink>
      </div>
    );
  }

  const hasFile = isResourceFileType(fields.type);
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p>
          <Link to="/library/mine" className="font-semibold text-primary-strong underline">
            My resources
          </Link>
        </p>
        <h1 className="text-3xl">{current ? `Edit “${current.title}”` : 'Write a resource'}</h1>
        {current && (
          <p>
            <Link to={`/library/${current.id}`} className="text-primary-strong underline">
              See it as readers will
            </Link>
          </p>
        )}
      </div>
      {current && (
        <StatusActions
          resource={current}
          onChange={(updated) => {
            setSaved(updated);
            queryClient.setQueryData(resourceQueryOptions(updated.id).queryKey, updated);
          }}
        />
      )}
      {hasFile && current && (
        <div className="rounded-xl border border-line bg-raised p-4 sm:p-6">
          <FileUploader
            resource={current}
            onUploaded={(updated) => {
              setSaved(updated);
              void refreshResources(queryClient);
            }}
          />
        </div>
      )}
      <Form
        aria-labelledby={`${id}-details`}
        className="flex flex-col gap-5 rounded-xl border border-line bg-raised p-4 sm:p-6"
        onSubmit={save}
      >
        <h2 id={`${id}-details`} className="text-xl">
          Details
        </h2>
        <div data-field="type">
          <SelectField
            label="Type"
            value={fields.type}
            disabled={current !== null}
            hint={current ? 'The type is fixed once a resource is saved.' : undefined}
            onChange={(event) => set('type', event.target.value as ResourceType)}
          >
            <Options values={resourceTypes} label={(type) => typeInfo[type].label} />
          </SelectField>
        </div>
        <div data-field="title">
          <TextField label="Title" maxLength={resourceLimits.titleMax} {...textField('title')} />
        </div>
        <div data-field="summary">
          <TextAreaField
            label="Summary"
            hint="One or two sentences, shown on cards and in search results."
            rows={3}
            maxLength={resourceLimits.summaryMax}
            {...textField('summary')}
          />
        </div>
        {fields.type === 'link' && (
          <div data-field="url">
            <TextField
              label="Link address"
              type="url"
              inputMode="url"
              placeholder="https://"
              maxLength={resourceLimits.urlMax}
              {...textField('url')}
            />
          </div>
        )}
        <div data-field="topics">
          <TagInput
            label="Topics"
            hint={`For example: ${libraryTopics.slice(0, 4).join(', ')}.`}
            value={fields.topics}
            onChange={(topics) => set('topics', topics)}
            error={errors.topics}
            maxTags={resourceLimits.topicsMax}
            maxLength={resourceLimits.topicMax}
          />
        </div>
        <div data-field="language">
          <SelectField label="Language" {...textField('language')}>
            <Options values={libraryLanguages} label={languageName} />
          </SelectField>
        </div>
        <div data-field="body">
          <MarkdownField
            label={fields.type === 'article' ? 'Article' : 'Notes or transcript (optional)'}
            value={fields.body}
            error={errors.body}
            rows={fields.type === 'article' ? 16 : 6}
            maxLength={resourceLimits.bodyMax}
            onChange={(body) => set('body', body)}
          />
        </div>
        {me.is_admin && (
          <Checkbox
            label="Editors' pick: recommend it to people who are new"
            checked={fields.featured}
            onChange={(event) => set('featured', event.target.checked)}
          />
        )}
        <FormSubmit error={formError} busy={saving}>
          {current ? 'Save changes' : 'Save draft'}
        </FormSubmit>
      </Form>
      {current && me.is_admin && current.status === 'published' && (
        <ResourceDailyStats resourceId={current.id} />
      )}
      {hasFile && !current && (
        <p className="text-muted">Save the draft first; then you can upload its file.</p>
      )}
    </div>
  );
}

/** /library/new and /library/:id/edit: the editor for admins and approved listeners. */
export function ResourceEditorPage() {
  const { resourceId } = useParams();
  const query = useQuery({ ...resourceQueryOptions(resourceId ?? ''), enabled: !!resourceId });
  if (!resourceId) return <EditorForm key="new" resource={null} />;
  return (
    <QueryState query={query} loading="Opening the editor…">
      {(resource) => <EditorForm key={resource.id} resource={resource} />}
    </QueryState>
  );
}
