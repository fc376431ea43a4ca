-- Citizen portal, portals/citizen/Me.graphql: the signed-in citizen's own record.
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("me", function(body)
  if not lib.has(body, '"role":"CITIZEN"') then return "no citizen viewer" end
  if not lib.has(body, '"cpr":"') then return "no CPR number" end
end))
