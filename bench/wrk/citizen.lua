-- Caseworker portal, portals/caseworker/Citizen.graphql: one citizen of the job centre.
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("citizen", function(body)
  if not lib.has(body, '"cpr":"') then return "no CPR number" end
  if not lib.has(body, '"cases":[{') then return "no cases" end
end))
