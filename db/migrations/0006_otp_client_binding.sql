-- Binds each SMS code to the client that asked for it: a keyed hash of the opaque
-- `challenge` returned by POST /api/otp. A guess without the matching challenge counts nothing.
ALTER TABLE `otp_challenges` ADD `client_hash` text;
