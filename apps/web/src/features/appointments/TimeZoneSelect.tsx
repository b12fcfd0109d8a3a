import type { ComponentProps } from 'react';
import { Options, SelectField } from '../../components/ui/SelectField';
import { knownTimeZones } from './time-format';

/**
 * A select of every IANA zone the browser knows. With `automatic`, a first choice ("" → null)
 * follows the browser's zone.
 */
export function TimeZoneSelect({
  automatic,
  ...props
}: ComponentProps<typeof SelectField> & { automatic?: string }) {
  return (
    <SelectField {...props}>
      {automatic && <option value="">Automatic ({automatic})</option>}
      <Options values={knownTimeZones()} label={(zone) => zone.replaceAll('_', ' ')} />
    </SelectField>
  );
}
