-- Versioned contest answers: the page numbers each answer to a position
-- (1, 2, 3 …); the store keeps the newest, so a resend that reaches the
-- writer after a newer answer never overwrites it. 0 = a page that sends no
-- number (and every answer stored before this version).
ALTER TABLE answer ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
