/**
 * Reading typography for articles: a comfortable measure (about 68 characters), generous line
 * height and spacing, clear headings, lists and quotes. Tailwind variants on the container style
 * the sanitized HTML inside it, with the app's colour tokens only.
 */
export const proseClasses = [
  'max-w-[68ch] text-lg leading-[1.75] text-ink break-words',
  '[&>*:first-child]:mt-0',
  '[&_p]:my-5',
  '[&_h2]:mt-10 [&_h2]:mb-3 [&_h2]:text-2xl [&_h2]:font-bold',
  '[&_h3]:mt-8 [&_h3]:mb-2 [&_h3]:text-xl [&_h3]:font-bold',
  '[&_h4]:mt-6 [&_h4]:mb-2 [&_h4]:text-lg [&_h4]:font-bold',
  '[&_h5]:mt-6 [&_h5]:font-bold [&_h6]:mt-6 [&_h6]:font-bold',
  '[&_ul]:my-5 [&_ul]:list-disc [&_ul]:pl-7 [&_ol]:my-5 [&_ol]:list-decimal [&_ol]:pl-7',
  '[&_li]:my-1.5 [&_li>p]:my-1',
  '[&_a]:font-semibold [&_a]:text-primary-strong [&_a]:underline [&_a]:underline-offset-2',
  '[&_a:hover]:text-primary-stronger',
  '[&_blockquote]:my-6 [&_blockquote]:border-l-4 [&_blockquote]:border-primary',
  '[&_blockquote]:bg-primary-soft [&_blockquote]:px-5 [&_blockquote]:py-1 [&_blockquote]:rounded-r-lg',
  '[&_strong]:font-bold [&_em]:italic',
  '[&_hr]:my-10 [&_hr]:border-line',
  '[&_code]:rounded [&_code]:bg-surface [&_code]:px-1.5 [&_code]:py-0.5 [&_code]:text-base',
  '[&_pre]:my-5 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-surface [&_pre]:p-4',
  '[&_pre_code]:bg-transparent [&_pre_code]:p-0',
  '[&_table]:my-6 [&_table]:w-full [&_table]:border-collapse [&_table]:text-base',
  '[&_th]:border-b-2 [&_th]:border-line [&_th]:px-3 [&_th]:py-2 [&_th]:text-left',
  '[&_td]:border-b [&_td]:border-line [&_td]:px-3 [&_td]:py-2',
  '[&_img]:my-6 [&_img]:max-w-full [&_img]:rounded-lg',
].join(' ');
