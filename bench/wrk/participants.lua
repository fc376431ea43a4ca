-- Provider portal, portals/provider/Participants.graphql with first: 50, as a coordinator.
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("participants", function(body)
  local n = lib.count(body, '"addressProtected":')
  if n ~= 50 then return "expected 50 participants, got " .. n end
  if not lib.has(body, '"referrals":[{') then return "no referrals" end
end))
