import { Link, type LinkProps } from 'react-router';
import { buttonClasses, type ButtonVariant } from './button-styles';

/** A router link styled as a button, for navigation that looks like an action. */
export function ButtonLink({
  variant = 'primary',
  className = '',
  ...props
}: LinkProps & { variant?: ButtonVariant }) {
  return <Link className={buttonClasses(variant, className)} {...props} />;
}
