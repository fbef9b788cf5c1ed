-- A client id names a message for resends only within a window (ConversationStore.RESEND_WINDOW_MILLIS), and only
-- when conversation and content match; outside the window the same id may be used again, so it is no longer unique.
DROP INDEX messages_by_client_id;
CREATE INDEX messages_by_client_id ON messages (sender_id, client_id, id) WHERE client_id IS NOT NULL;
