import { controlClasses, labelledControl } from './Field';

/** A labelled text input; spread react-hook-form's register() into it. */
export const TextField = labelledControl<'input'>(({ className = '', ...props }) => (
  <input className={`${controlClasses} ${className}`} {...props} />
));
