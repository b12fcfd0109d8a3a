import { controlClasses, labelledControl } from './Field';

/** A labelled native select. */
export const SelectField = labelledControl<'select'>(({ className = '', ...props }) => (
  <select className={`${controlClasses} ${className}`} {...props} />
));
