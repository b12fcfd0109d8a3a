import { useInfiniteQuery } from '@tanstack/react-query';
import { useMinuteClock } from '../../lib/use-minute-clock';
import { conversationsQueryOptions, type ConversationList } from './direct-api';

/** One list of conversations, every page loaded so far, and the clock its row times follow. */
export function useConversations(list: ConversationList) {
  const query = useInfiniteQuery(conversationsQueryOptions(list));
  const now = useMinuteClock();
  const conversations = query.data?.pages.flatMap((page) => page.data.conversations) ?? [];
  return { query, conversations, now };
}
