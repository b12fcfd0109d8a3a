import {
  availabilityResponseSchema,
  listenerAvailabilitySchema,
  type ListenerAvailability,
} from '@kindred/protocol';
import { apiJson, ApiError } from '../../lib/api';
import { request } from '../../lib/socket';

/**
 * Changes the listener's availability: over the socket (`status_change`, the listening contract)
 * when it is connected, through PATCH /users/me/availability otherwise. Both follow the same rules;
 * a refusal is thrown as an ApiError either way.
 */
export async function changeAvailability(
  availability: ListenerAvailability,
): Promise<ListenerAvailability> {
  const response = await request('status_change', { availability });
  if (response.success) {
    const parsed = listenerAvailabilitySchema.safeParse(response.listener_availability);
    return parsed.success ? parsed.data : availability;
  }
  if (response.code !== 'DISCONNECTED' && response.code !== 'TIMEOUT') {
    const status = response.code === 'ALREADY_IN_CHAT' ? 409 : 400;
    throw new ApiError(status, response.code, response.error, response.details ?? []);
  }
  const { listener_availability } = await apiJson(
    'PATCH',
    '/users/me/availability',
    availabilityResponseSchema,
    { body: { availability } },
  );
  return listener_availability;
}
