-- A weighted mix of the portals' operations, drawn at random per request (fixed seed):
-- citizens 45 % (Me 20, MyMeetings 15, MyPlan 10), caseworkers 40 % (Caseload 15,
-- Citizen 25), providers 10 % (Participants), bookings 5 % (each followed by its
-- cancellation, which is not drawn: so about 1 request in 21 is a cancellation).
package.path = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/?.lua;" .. package.path
local lib = require("lib")

local function page_of_50(needle)
  return function(body)
    local n = lib.count(body, needle)
    if n ~= 50 then return "expected 50 rows, got " .. n end
  end
end
lib.mix({
  { weight = 20, op = lib.read("me") },
  { weight = 15, op = lib.read("my_meetings") },
  { weight = 10, op = lib.read("my_plan") },
  { weight = 15, op = lib.read("caseload", page_of_50('"familyName":')) },
  { weight = 25, op = lib.read("citizen") },
  { weight = 10, op = lib.read("participants", page_of_50('"addressProtected":')) },
  { weight = 5, book = true },
})
