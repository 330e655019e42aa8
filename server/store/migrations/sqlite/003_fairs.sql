-- 003_fairs: indexes for the fairs capability's lookups.
-- "My fairs" (fairs_store::organiser_fairs) lists an organiser's fairs.
CREATE INDEX fairs_created_by ON fairs(created_by, starts_at);
-- Colleague invitations of a booth and firm invitations of a fair are already indexed
-- (invitations_booth, invitations_fair in 002); pending counts filter those rows.
