-- PostGraphile, bench/postgraphile/queries/Citizen.graphql.
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("pgl_citizen", function(body)
  if not lib.has(body, '"cpr":"') then return "no CPR number" end
end))
