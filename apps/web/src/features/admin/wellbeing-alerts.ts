import type { WellbeingItem } from '@kindred/protocol';
import { create } from 'zustand';
import { playChime } from '../../lib/chime';
import { setTitleAlerts } from '../../lib/use-page-title';

interface WellbeingAlertsState {
  /** Items that arrived live (`safety_alert`) since the page loaded, newest last. */
  live: WellbeingItem[];
  /** Ids of live items this team member has not seen yet (the count in the title). */
  unseen: string[];
}

/** Live wellbeing alerts for the team: written by the chat engine, read by the Wellbeing tab. */
export const useWellbeingAlerts = create<WellbeingAlertsState>()(() => ({ live: [], unseen: [] }));

/** Three low, slow notes: noticeable, not alarming (a person may be in distress, not a fire). */
function playAlertSound(): void {
  playChime(
    [
      [0, 523],
      [0.16, 659],
      [0.32, 784],
    ],
    { peak: 0.14, attack: 0.03, length: 0.35 },
  );
}

/** A new wellbeing item over the socket: listed, counted in the title, and a short sound. */
export function receiveSafetyAlert(item: WellbeingItem): void {
  const { live, unseen } = useWellbeingAlerts.getState();
  const next = {
    live: [...live.filter((i) => i.id !== item.id), item],
    unseen: unseen.includes(item.id) ? unseen : [...unseen, item.id],
  };
  useWellbeingAlerts.setState(next);
  setTitleAlerts(next.unseen.length);
  playAlertSound();
}

/** The team member acted on an item (or opened it): it no longer counts as new. */
export function markAlertSeen(id: string): void {
  const unseen = useWellbeingAlerts.getState().unseen.filter((i) => i !== id);
  useWellbeingAlerts.setState({ unseen });
  setTitleAlerts(unseen.length);
}
