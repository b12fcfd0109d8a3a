import type { ReactNode } from 'react';

/** Topics as a list named "Topics", one item each (nothing at all when there are none). */
export function TopicList({
  topics,
  gap,
  itemClassName,
  renderTopic = (topic) => topic,
}: {
  topics: string[];
  /** The space between items, e.g. `gap-2`. */
  gap: string;
  itemClassName?: string;
  /** An item's content: the topic's name unless told otherwise. */
  renderTopic?: (topic: string) => ReactNode;
}) {
  if (topics.length === 0) return null;
  return (
    <ul aria-label="Topics" className={`flex flex-wrap ${gap}`}>
      {topics.map((topic) => (
        <li key={topic} className={itemClassName}>
          {renderTopic(topic)}
        </li>
      ))}
    </ul>
  );
}
