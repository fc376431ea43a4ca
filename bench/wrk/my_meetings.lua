-- Citizen portal, portals/citizen/MyMeetings.graphql: the citizen's meetings and absences.
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.single(lib.read("my_meetings", function(body)
  if not lib.has(body, '"meetings":[{') then return "no meetings" end
end))
