import { limits } from '@kindred/protocol';
import { CheckIcon } from '../../components/ui/icons';

const rules = [
  {
    label: `At least ${limits.passwordMin} characters`,
    test: (p: string) => p.length >= limits.passwordMin,
  },
  { label: 'An uppercase letter', test: (p: string) => /[A-Z]/.test(p) },
  { label: 'A lowercase letter', test: (p: string) => /[a-z]/.test(p) },
  { label: 'A number', test: (p: string) => /[0-9]/.test(p) },
];

/** The password rules from the protocol, each ticked off as the password meets it. */
export function PasswordRules({ password }: { password: string }) {
  return (
    <div>
      <p>Your password needs:</p>
      <ul className="mt-1 grid gap-x-4 sm:grid-cols-2">
        {rules.map((rule) => {
          const met = rule.test(password);
          return (
            <li
              key={rule.label}
              className={`flex items-center gap-2 ${met ? 'text-secondary-strong' : ''}`}
            >
              {met ? (
                <CheckIcon className="size-4" />
              ) : (
                <span aria-hidden="true" className="mx-1.5 size-1 rounded-full bg-current" />
              )}
              <span>
                {rule.label}
                {met && <span className="sr-only"> (done)</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
