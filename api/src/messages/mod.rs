//! Messages and documents per order (UC5, `000:192-193`) between the provider and the job
//! centre's team mailbox, not one person (`003:1412-1415`): any staff member of the job centre
//! reads and answers. A provider's message is due an answer within three Danish workdays
//! (`003:1457-1463`); unanswered ones past that are listed as overdue. Attachments go in the
//! stored files of plans, under the same limits, and are read at `/files/{id}` by both sides of
//! the order, each read audited.

pub mod files;
pub mod mutation;
pub mod service;
pub mod views;
