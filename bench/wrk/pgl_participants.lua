-- PostGraphile, bench/postgraphile/queries/Participants.graphql (first: 50).
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("pgl_participants", function(body)
  local n = lib.count(body, '"addressProtected":')
  if n ~= 50 then return "expected 50 participants, got " .. n end
end))
