import { useMe } from '../identity/me-query';
import { type HelpLine, helpLineHere } from './help-lines';

/** The help line for the signed-in person: their profile's country, else the browser's locale. */
export function useHelpLine(): HelpLine {
  const { data: me } = useMe();
  return helpLineHere(me?.country ?? null);
}
