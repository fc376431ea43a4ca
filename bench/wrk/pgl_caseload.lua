-- PostGraphile, bench/postgraphile/queries/Caseload.graphql (first: 50).
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("pgl_caseload", function(body)
  local n = lib.count(body, '"familyName":')
  if n ~= 50 then return "expected 50 citizens, got " .. n end
end))
