import { ButtonLink } from '../components/ui/ButtonLink';
import { useMe } from '../features/identity/me-query';
import { usePageTitle } from '../lib/use-page-title';

const steps = [
  {
    title: 'Share what is on your mind',
    text: 'Tell us a little about what you would like to talk about. You stay anonymous: others only ever see your pseudonym.',
  },
  {
    title: 'Choose a listener',
    text: 'We suggest volunteer listeners who are available now and comfortable with your topic. You pick who feels right.',
  },
  {
    title: 'Talk, at your pace',
    text: 'Chat in private, in real time. Conversations disappear after 24 hours, and you can end one whenever you like.',
  },
];

/** The public front page: what Kindred is, and the way in. */
export function LandingPage() {
  usePageTitle('Someone to listen');
  const { data: me } = useMe();

  return (
    <div className="flex flex-col gap-12 py-4 sm:py-8">
      <section className="flex flex-col items-start gap-5">
        <h1 className="text-3xl sm:text-4xl">Someone to listen, whenever you need it</h1>
        <p className="max-w-2xl text-lg text-muted">
          Kindred connects people who need to talk with kind volunteers who want to listen.
          Anonymous, free and at your own pace. Or give an hour and be the listener someone else is
          hoping for.
        </p>
        <div className="flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
          {me ? (
            <ButtonLink to="/dashboard">Continue to Kindred</ButtonLink>
          ) : (
            <>
              <ButtonLink to="/register">Get started</ButtonLink>
              <ButtonLink to="/login" variant="secondary">
                Sign in
              </ButtonLink>
            </>
          )}
        </div>
      </section>

      <section className="flex flex-col gap-4">
        <h2 className="text-2xl">How it works</h2>
        <ol className="grid gap-4 sm:grid-cols-3">
          {steps.map((step, index) => (
            <li key={step.title} className="flex flex-col gap-2 rounded-xl bg-surface p-4">
              <span
                aria-hidden="true"
                className="inline-flex size-8 items-center justify-center rounded-full bg-primary-strong font-bold text-on-accent"
              >
                {index + 1}
              </span>
              <h3 className="text-lg">{step.title}</h3>
              <p className="text-muted">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>

      <section className="flex flex-col gap-3 rounded-xl border border-line p-4 sm:p-6">
        <h2 className="text-2xl">Peer support, not professional care</h2>
        <p>
          Listeners are volunteers, not counsellors or therapists. They will not diagnose or give
          medical advice. Kindred can sit alongside professional help, not replace it.
        </p>
        <div className="rounded-lg border-l-4 border-warning bg-warning-soft p-4">
          <p className="font-semibold text-warning-text">If you are in crisis</p>
          <p>
            If you might hurt yourself or someone else, or you are in danger right now, please call
            your local emergency number or a crisis line in your country straight away.
          </p>
        </div>
      </section>
    </div>
  );
}
