-- The business system's member table, as the roster query reads it (a sample for trying the example).
CREATE TABLE members (
  member_no         text PRIMARY KEY,
  display_name      text NOT NULL,
  preferred_channel text NOT NULL DEFAULT 'web-chat',
  level             text NOT NULL,
  cancelled_at      timestamptz
);

INSERT INTO members (member_no, display_name, preferred_channel, level, cancelled_at) VALUES
  ('100231', '陳怡君', 'web-chat', 'STANDARD', NULL),
  ('100232', 'Kenji Sato', 'line-oa', 'STANDARD', NULL),
  ('900001', '林志明', 'line-oa', 'PREMIUM', NULL),
  ('900002', 'Chen, Mei-Ling', 'web-chat', 'PREMIUM', NULL),
  ('100999', 'Former Member', 'web-chat', 'STANDARD', now());
