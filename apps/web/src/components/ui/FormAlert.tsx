/** The form-level error region, under the form; screen readers announce it when it appears. */
export function FormAlert({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <div
      id={id}
      role="alert"
      className="rounded-lg border border-danger bg-danger-soft px-4 py-3 text-danger-text"
    >
      {message}
    </div>
  );
}
