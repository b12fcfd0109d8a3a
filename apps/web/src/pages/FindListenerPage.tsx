import type { ListenerMatch, MatchPreferences } from '@kindred/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../components/ui/Button';
import { ButtonLink } from '../components/ui/ButtonLink';
import { Checkbox } from '../components/ui/Checkbox';
import { SelectField } from '../components/ui/SelectField';
import { LoadingState } from '../components/ui/Spinner';
import { TextField } from '../components/ui/TextField';
import { showToast } from '../components/ui/toast-store';
import { ActiveChatBanner } from '../features/listening/ActiveChatBanner';
import {
  activeSessionQueryKey,
  findListeners,
  matchPreferencesQueryKey,
  matchPreferencesQueryOptions,
  requestChat,
  saveMatchPreferences,
} from '../features/listening/listening-api';
import { watchListenerStatus } from '../features/listening/listening-events';
import {
  allUnavailable,
  applyStatusUpdate,
  COMMON_LANGUAGES,
  findBody,
  initialSearchForm,
  LISTENERS_GONE_TEXT,
  minRatingChoices,
  type MinRatingChoice,
  NO_LISTENERS_TEXT,
  preferencesBody,
  preferencesChanged,
  resultSummary,
  type SearchForm,
  TOPIC_MAX,
  uniqueLabels,
  withAvoidPrevious,
} from '../features/listening/matching';
import { TalkNow, type TalkNowPhase } from '../features/listening/TalkNow';
import { MatchCard } from '../features/listening/MatchCard';
import { useMe } from '../features/identity/me-query';
import { ApiError } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { usePageTitle } from '../lib/use-page-title';
import { PageHeader } from '../components/ui/PageHeader';
import { Form } from '../components/ui/Form';

/**
 * /sharer/find-listener (the listening contract's "Matching Flow"): Talk now asks the best free
 * listener in one tap (or joins the waiting list); "Choose someone" keeps the preferences form and
 * the list of listeners to pick from.
 */
export function FindListenerPage() {
  usePageTitle('Find a listener');
  const { data: me } = useMe();
  const isSharer = me?.roles.includes('sharer') ?? false;
  const preferences = useQuery({ ...matchPreferencesQueryOptions, enabled: isSharer });

  if (!me) return null;
  if (!isSharer) {
    return (
      <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
        <h1 className="text-3xl">Find a listener</h1>
        <p>
          Finding a listener is for Sharers. You can add the Sharer role on your profile page
          whenever you'd like someone to listen.
        </p>
        <ButtonLink to="/profile" variant="secondary">
          Go to your profile
        </ButtonLink>
      </div>
    );
  }
  if (preferences.isPending) return <LoadingState label="Loading your preferences…" />;
  // Preferences that fail to load are not worth a dead end: start from an empty form.
  return (
    <FindListener
      profileLanguages={me.languages}
      saved={preferences.isSuccess ? preferences.data : null}
    />
  );
}

function FindListener({
  profileLanguages,
  saved,
}: {
  profileLanguages: string[];
  saved: MatchPreferences | null;
}) {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SearchForm>(() => initialSearchForm(saved));
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [matches, setMatches] = useState<ListenerMatch[] | null>(null);
  const [unavailable, setUnavailable] = useState<ReadonlySet<string>>(new Set());
  const [connectingId, setConnectingId] = useState<string | null>(null);
  // What the last search sent, for refreshing the list when listeners go away.
  const lastBody = useRef<ReturnType<typeof findBody> | null>(null);
  const connectingRef = useRef<string | null>(null);
  const searchRun = useRef(0);
  const savedRef = useRef<MatchPreferences | null>(saved);
  const shownRef = useRef<ListenerMatch[]>([]);
  const unavailableRef = useRef<ReadonlySet<string>>(new Set());
  const [avoidPrevious, setAvoidPrevious] = useState(saved?.avoid_previous_matches ?? false);
  const [phase, setPhase] = useState<TalkNowPhase>('loading');
  const inLine = phase === 'asking' || phase === 'waiting';

  const languageOptions = uniqueLabels([
    profileLanguages,
    saved?.preferred_languages ?? [],
    COMMON_LANGUAGES,
  ]);

  const runSearch = useCallback(async (body: ReturnType<typeof findBody>) => {
    const run = ++searchRun.current;
    lastBody.current = body;
    setSearching(true);
    setSearchError(null);
    try {
      const response = await findListeners(body);
      if (run !== searchRun.current) return;
      shownRef.current = response.matches;
      unavailableRef.current = new Set();
      setUnavailable(unavailableRef.current);
      setMatches(response.matches);
    } catch (error) {
      if (run !== searchRun.current) return;
      setSearchError(errorMessage(error));
    } finally {
      if (run === searchRun.current) setSearching(false);
    }
  }, []);

  async function rememberPreferences() {
    const next = preferencesBody(form, savedRef.current);
    if (!preferencesChanged(next, savedRef.current)) return;
    try {
      const stored = await saveMatchPreferences(next);
      savedRef.current = stored;
      queryClient.setQueryData(matchPreferencesQueryKey, stored);
    } catch (error) {
      showToast(`We couldn't save your preferences. ${errorMessage(error)}`, 'error');
    }
  }

  async function changeAvoidPrevious(avoid: boolean) {
    setAvoidPrevious(avoid);
    try {
      const stored = await saveMatchPreferences(withAvoidPrevious(savedRef.current, avoid));
      savedRef.current = stored;
      queryClient.setQueryData(matchPreferencesQueryKey, stored);
    } catch (error) {
      setAvoidPrevious(!avoid);
      showToast(`We couldn't save that setting. ${errorMessage(error)}`, 'error');
    }
  }

  async function onSubmit() {
    if (searching) return;
    await rememberPreferences();
    await runSearch(findBody(form));
  }

  // Listeners going away (or coming back) while their cards are shown; when every card is gone, say
  // so and look again (the listening contract).
  useEffect(
    () =>
      watchListenerStatus((update) => {
        // Our own request makes the chosen listener busy: that is not news for this page.
        if (update.listener_id === connectingRef.current) return;
        const next = applyStatusUpdate(unavailableRef.current, shownRef.current, update);
        if (next === unavailableRef.current) return;
        unavailableRef.current = next;
        setUnavailable(next);
        if (allUnavailable(next, shownRef.current) && !connectingRef.current && lastBody.current) {
          showToast(LISTENERS_GONE_TEXT, 'info');
          void runSearch(lastBody.current);
        }
      }),
    [runSearch],
  );

  async function connect(match: ListenerMatch) {
    if (connectingRef.current) return;
    connectingRef.current = match.id;
    setConnectingId(match.id);
    try {
      const topic = form.topic.trim().slice(0, TOPIC_MAX);
      const session = await requestChat({
        listener_id: match.id,
        ...(topic ? { topic } : {}),
      });
      void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
      void navigate(`/sharer/chat/${session.session_id}`);
      return;
    } catch (error) {
      connectingRef.current = null;
      setConnectingId(null);
      if (error instanceof ApiError && error.code === 'LISTENER_UNAVAILABLE') {
        showToast(LISTENERS_GONE_TEXT, 'error');
        if (lastBody.current) void runSearch(lastBody.current);
      } else if (error instanceof ApiError && error.code === 'ALREADY_IN_CHAT') {
        showToast(
          "You're already in a chat. You can go back to it from the top of this page.",
          'error',
        );
        await queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
        window.scrollTo({ top: 0 });
      } else {
        showToast(errorMessage(error), 'error');
      }
    }
  }

  const set = <K extends keyof SearchForm>(key: K, value: SearchForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const toggleLanguage = (language: string, checked: boolean) =>
    setForm((current) => ({
      ...current,
      languages: checked
        ? [...current.languages.filter((l) => l !== language), language]
        : current.languages.filter((l) => l !== language),
    }));

  const summary = matches ? resultSummary(matches.length) : '';

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Find a listener">
        Volunteer listeners are here to listen, without judgement. You stay anonymous.
      </PageHeader>

      {!inLine && <ActiveChatBanner />}

      <TalkNow
        topic={form.topic}
        onTopic={(topic) => set('topic', topic)}
        avoidPrevious={avoidPrevious}
        onAvoidPrevious={(avoid) => void changeAvoidPrevious(avoid)}
        onPhase={setPhase}
      />

      {!inLine && (
        <>
          <Form
            aria-labelledby={`${id}-form`}
            className="flex flex-col gap-5 rounded-xl border border-line bg-raised p-4 sm:p-6"
            onSubmit={onSubmit}
          >
            <div className="flex flex-col gap-1">
              <h2 id={`${id}-form`} className="text-2xl">
                Choose someone
              </h2>
              <p className="text-muted">
                Or tell us your preferences, and pick from the listeners who are free right now.
              </p>
            </div>
            <div className="flex flex-col gap-2">
              <TextField
                label="What would you like to talk about?"
                hint="Optional. A word or two is enough."
                value={form.topic}
                maxLength={TOPIC_MAX}
                autoComplete="off"
                onChange={(event) => set('topic', event.target.value)}
              />
            </div>

            <fieldset className="flex flex-col gap-1" aria-describedby={`${id}-lang-hint`}>
              <legend className="font-semibold text-ink">Language preference</legend>
              <p id={`${id}-lang-hint`} className="text-sm text-muted">
                Optional. We look for listeners who speak the first language you tick.
              </p>
              <div className="flex flex-wrap gap-x-6">
                {languageOptions.map((language) => (
                  <Checkbox
                    key={language}
                    label={language}
                    checked={form.languages.includes(language)}
                    onChange={(event) => toggleLanguage(language, event.target.checked)}
                  />
                ))}
              </div>
            </fieldset>

            <div className="max-w-xs">
              <SelectField
                label="Minimum listener rating"
                value={form.minRating}
                onChange={(event) => set('minRating', event.target.value as MinRatingChoice)}
              >
                {minRatingChoices.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </SelectField>
            </div>

            <Checkbox
              label="Remember these preferences"
              description="We'll fill them in for you next time."
              checked={form.remember}
              onChange={(event) => set('remember', event.target.checked)}
            />

            <div>
              <Button type="submit" busy={searching}>
                {searching ? 'Finding listeners…' : 'Find listeners'}
              </Button>
            </div>
          </Form>

          <div aria-live="polite" aria-atomic="true" className="sr-only">
            {searching ? 'Looking for listeners…' : summary}
          </div>

          {searchError && (
            <div
              role="alert"
              className="flex flex-col items-start gap-3 rounded-lg border border-danger bg-danger-soft px-4 py-3 text-danger-text"
            >
              <p>{searchError}</p>
              <Button variant="secondary" onClick={() => void onSubmit()}>
                Try again
              </Button>
            </div>
          )}

          {matches && (
            <section aria-labelledby={`${id}-results`} className="flex flex-col gap-4">
              <h2 id={`${id}-results`} className="text-2xl">
                Suggested listeners
              </h2>
              {matches.length === 0 ? (
                <p className="rounded-lg bg-surface px-4 py-3 text-lg">{NO_LISTENERS_TEXT}</p>
              ) : (
                <>
                  {matches.length < 3 && (
                    <p className="rounded-lg border border-warning bg-warning-soft px-4 py-3 text-warning-text">
                      <strong>Limited availability.</strong> Only{' '}
                      {matches.length === 1 ? 'one listener is' : 'two listeners are'} free to talk
                      right now.
                    </p>
                  )}
                  <ul className="grid gap-4 md:grid-cols-3">
                    {matches.map((match) => (
                      <li key={match.id}>
                        <MatchCard
                          match={match}
                          unavailable={unavailable.has(match.id)}
                          connecting={connectingId === match.id}
                          disabled={connectingId !== null && connectingId !== match.id}
                          onConnect={() => void connect(match)}
                        />
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}
