import type { ComponentProps } from 'react';
import { TextField } from '../../components/ui/TextField';

/** The email input of the sign-in and registration forms. */
export function EmailField(props: Omit<ComponentProps<typeof TextField>, 'label'>) {
  return <TextField label="Email" type="email" autoComplete="email" inputMode="email" {...props} />;
}
