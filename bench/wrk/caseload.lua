-- Caseworker portal, portals/caseworker/Caseload.graphql with first: 50.
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("caseload", function(body)
  local n = lib.count(body, '"familyName":')
  if n ~= 50 then return "expected 50 citizens, got " .. n end
  if not lib.has(body, '"hasNextPage":true') then return "expected hasNextPage true" end
end))
