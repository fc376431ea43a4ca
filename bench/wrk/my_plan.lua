-- Citizen portal, portals/citizen/MyPlan.graphql: the citizen's delivered plan versions.
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("my_plan", function(body)
  if not lib.has(body, '"planVersions":[{') then return "no plan version" end
  if not lib.has(body, '"contentHash":"') then return "no content hash" end
end))
