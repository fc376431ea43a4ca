-- Citizen portal: portals/citizen/BookMeeting.graphql on a free slot, then
-- portals/citizen/CancelMeeting.graphql of that meeting; each request is one mutation.
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.book_cancel()
