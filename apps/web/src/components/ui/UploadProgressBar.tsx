/** How far a file's upload has come (0–100), named for the file, in the theme's colours. */
export function UploadProgressBar({
  file,
  className = '',
}: {
  file: { name: string; percent: number };
  /** Its width (it grows to fill its row). */
  className?: string;
}) {
  return (
    <progress
      aria-label={`Uploading ${file.name}`}
      max={100}
      value={file.percent}
      className={`h-3 w-full flex-1 overflow-hidden rounded-full accent-primary-strong [&::-moz-progress-bar]:bg-primary-strong [&::-webkit-progress-bar]:bg-line [&::-webkit-progress-value]:bg-primary-strong ${className}`}
    />
  );
}
