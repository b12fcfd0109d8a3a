import { loginBodySchema, type LoginBody } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextField } from '../../components/ui/TextField';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { EmailField } from './EmailField';
import { signIn } from './session-actions';
import { GoogleSignInButton } from './GoogleSignInButton';
import { useGoogleSignIn } from './use-google-sign-in';

type FieldName = keyof LoginBody;
const fieldNames: FieldName[] = ['email', 'password'];
/** A field's problem: a message under it, or '' for "invalid, the alert below explains". */
type Problems = Partial<Record<FieldName, string>>;

/** The first message of each field the schema refuses. */
function check(values: LoginBody): Problems {
  const parsed = loginBodySchema.safeParse(values);
  const problems: Problems = {};
  for (const issue of parsed.error?.issues ?? []) {
    const name = issue.path[0] as FieldName;
    problems[name] ??= issue.message;
  }
  return problems;
}

/**
 * Email and password sign-in (plus Google when configured); calls onSignedIn on success.
 *
 * A plain form checked with the protocol's schema, rather than the form library the other forms
 * use: sign-in is the first screen many people see, and it loads without that library.
 */
export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const queryClient = useQueryClient();
  const google = useGoogleSignIn(onSignedIn);
  const alertId = useId();
  const [values, setValues] = useState<LoginBody>({ email: '', password: '' });
  const [problems, setProblems] = useState<Problems>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submitted = useRef(false);
  const inputs = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({});

  const focusFirst = (found: Problems, prefer?: FieldName) =>
    inputs.current[prefer ?? fieldNames.find((name) => name in found) ?? 'email']?.focus();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    submitted.current = true;
    setFormError(null);
    const found = check(values);
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirst(found);
    setSubmitting(true);
    try {
      await signIn(queryClient, values);
      onSignedIn();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') {
        // Which of the two was wrong is deliberately not told; highlight both.
        setProblems({ email: '', password: '' });
        focusFirst({}, 'password');
      } else if (error instanceof ApiError) {
        const fromServer: Problems = {};
        for (const detail of error.details) {
          const name = fieldNames.find((n) => detail.path === n || detail.path.startsWith(`${n}.`));
          if (name) fromServer[name] ??= detail.message;
        }
        setProblems(fromServer);
        if (Object.keys(fromServer).length > 0) focusFirst(fromServer);
      }
      setFormError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  const field = (name: FieldName) => {
    const problem = problems[name];
    return {
      name,
      value: values[name],
      ref: (input: HTMLInputElement | null) => {
        inputs.current[name] = input;
      },
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        const next = { ...values, [name]: event.target.value };
        setValues(next);
        // After a first attempt, each field is checked again as it is corrected.
        if (submitted.current)
          setProblems((current) => ({ ...current, [name]: check(next)[name] }));
      },
      error: problem || undefined,
      invalid: problem !== undefined,
      describedBy: problem === '' ? alertId : undefined,
    };
  };

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="flex flex-col gap-4">
        <EmailField {...field('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          {...field('password')}
        />
        <Link to="/forgot-password" className="self-end text-sm text-primary-strong underline">
          Forgot your password?
        </Link>
        <Link to="/contact" className="self-end text-sm text-primary-strong underline">
          Cannot sign in? Contact us
        </Link>
        <Button type="submit" busy={submitting || google.busy} className="w-full">
          Sign in
        </Button>
        <FormAlert id={alertId} message={formError ?? google.error} />
      </form>
      <GoogleSignInButton onCredential={google.signIn} />
    </div>
  );
}
