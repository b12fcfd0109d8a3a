import { controlClasses, labelledControl } from './Field';

/** A labelled multi-line text input. */
export const TextAreaField = labelledControl<'textarea'>(({ className = '', ...props }) => (
  <textarea rows={4} className={`${controlClasses} resize-y ${className}`} {...props} />
));
