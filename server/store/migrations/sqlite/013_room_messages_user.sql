-- 013_room_messages_user: the data export and account deletion find a person's in-room chat
-- messages by user_id alone; the unique (user_id, nonce) index of 009 is partial (nonce set)
-- and cannot serve that, so they scanned the table.
CREATE INDEX room_messages_user ON room_messages (user_id, id);
