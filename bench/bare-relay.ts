/**
 * The messaging baseline: the same Socket.IO server Kindred uses, with nothing else. No auth, no
 * database, no validation, no moderation: `join_chat` joins a room, `send_message` gets the next
 * in-memory seq, is emitted as `new_message` to the room (the sender's socket included, as Kindred
 * sends to every member's every device) and acked with a message of the same shape Kindred sends.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

interface Incoming {
  session_id?: unknown;
  content?: unknown;
  client_msg_id?: unknown;
}
type Ack = (response: unknown) => void;

const httpServer = createServer((request, response) => {
  response.statusCode = request.url === '/healthz' ? 200 : 404;
  response.end(request.url === '/healthz' ? 'ok' : '');
});
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
const seqs = new Map<string, number>();

io.on('connection', (socket) => {
  socket.on('join_chat', (payload: Incoming, ack?: Ack) => {
    void socket.join(`chat_${String(payload?.session_id)}`);
    ack?.({ success: true });
  });
  socket.on('send_message', (payload: Incoming, ack?: Ack) => {
    const sessionId = String(payload?.session_id);
    const seq = (seqs.get(sessionId) ?? 0) + 1;
    seqs.set(sessionId, seq);
    const id = randomUUID();
    const message = {
      id,
      message_id: id,
      session_id: sessionId,
      seq,
      version_seq: seq,
      client_msg_id: typeof payload?.client_msg_id === 'string' ? payload.client_msg_id : null,
      sender_id: null,
      sender_pseudonym: 'Bare_relay',
      kind: 'text',
      content: String(payload?.content),
      sent_at: new Date().toISOString(),
      edited_at: null,
      deleted_at: null,
      is_own_message: false,
      reactions: [],
    };
    io.to(`chat_${sessionId}`).emit('new_message', message);
    ack?.({ success: true, message });
  });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    io.close();
    process.exit(0);
  });
}
httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
