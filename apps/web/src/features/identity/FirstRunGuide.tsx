import type { Me } from '@kindred/protocol';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { TitledSection } from '../../components/ui/Card';

/** The short guides: what to do first, for each role. */
const guides = {
  sharer: {
    title: 'Getting started as a sharer',
    steps: [
      'Tap Talk to someone, then Talk now: we ask a volunteer listener who is free right now.',
      'If everyone is busy, you wait in a short line and are connected as soon as someone is free.',
      'You stay anonymous: listeners only see your pseudonym. You can end a chat at any time.',
    ],
  },
  listener: {
    title: 'Getting started as a listener',
    steps: [
      'Read the listener guidelines and apply; the team reviews every application.',
      'Once approved, go available on the listener queue whenever you have time.',
      'A request shows who asks and their topic: Accept to start, or Not now to pass it on.',
    ],
  },
} as const;

const storageKey = (userId: string) => `kindred.first-run-done.${userId}`;

function isDone(userId: string): boolean {
  try {
    return window.localStorage.getItem(storageKey(userId)) === '1';
  } catch {
    return false;
  }
}

/**
 * The first-run guide on the dashboard: two or three steps for each of the user's roles, until
 * they dismiss it (remembered on this device).
 */
export function FirstRunGuide({ me }: { me: Me }) {
  const [done, setDone] = useState(() => isDone(me.id));
  const roles = (['sharer', 'listener'] as const).filter((role) => me.roles.includes(role));
  if (done || roles.length === 0) return null;

  function dismiss() {
    try {
      window.localStorage.setItem(storageKey(me.id), '1');
    } catch {
      // Not stored: the guide comes back on the next visit.
    }
    setDone(true);
  }

  return (
    <TitledSection
      headingId="first-run-heading"
      title="Welcome to Kindred"
      className="flex flex-col gap-4 rounded-xl border border-primary-strong bg-primary-soft p-4 sm:p-6"
    >
      <div className="grid gap-4 md:grid-cols-2">
        {roles.map((role) => (
          <div key={role} className="flex flex-col gap-2">
            <h3 className="text-lg">{guides[role].title}</h3>
            <ol className="flex list-decimal flex-col gap-1 pl-6">
              {guides[role].steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
        ))}
      </div>
      <Button variant="secondary" className="self-start" onClick={dismiss}>
        Got it
      </Button>
    </TitledSection>
  );
}
