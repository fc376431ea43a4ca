//! Meetings, absence and cadence: the constraints of the meetings migration and the round trip
//! of its entities.

use jobbro_entities::enums::*;
use jobbro_entities::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::core_tables::Parties;
use crate::support::{TestResult, at, citizen_model, day, ensure, round_trip};

pub fn slot_model(
    jobcentre_id: Uuid,
    caseworker_id: Uuid,
    capacity: i32,
    booked: i32,
) -> TestResult<meeting_slot::Model> {
    Ok(meeting_slot::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        caseworker_id,
        series_id: None,
        meeting_type: MeetingType::JobConversation,
        channel: MeetingChannel::InPerson,
        location: "Jobcenter Aarhus, Værkmestergade 7".into(),
        starts_at: at(3600)?,
        ends_at: at(5400)?,
        capacity,
        booked,
        cancelled_at: None,
        created_at: at(0)?,
    })
}

pub fn meeting_model(
    slot: &meeting_slot::Model,
    citizen_id: Uuid,
    slot_id: Option<Uuid>,
) -> meeting::Model {
    meeting::Model {
        id: Uuid::now_v7(),
        jobcentre_id: slot.jobcentre_id,
        citizen_id,
        caseworker_id: slot.caseworker_id,
        slot_id,
        meeting_type: slot.meeting_type,
        channel: slot.channel,
        location: slot.location.clone(),
        starts_at: slot.starts_at,
        ends_at: slot.ends_at,
        origin: MeetingOrigin::SelfBooked,
        statutory: true,
        status: MeetingStatus::Scheduled,
        status_reason: None,
        attendance_registered_at: None,
        created_at: slot.created_at,
        updated_at: slot.created_at,
        version: 1,
    }
}

/// The CHECKs and (partial) unique indexes of the meetings migration, and the conditional
/// update that books a seat.
pub async fn check_meeting_constraints(
    db: &DatabaseConnection,
    jobcentre_id: Uuid,
    citizen_id: Uuid,
) -> TestResult {
    let cw = caseworker::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        name: "Mads Mødeholder".into(),
        email: "mads@aarhus.invalid".into(),
        team: None,
        is_manager: false,
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let other = citizen_model(jobcentre_id, "0101900004")?
        .into_active_model()
        .insert(db)
        .await?;

    // booked BETWEEN 0 AND capacity, capacity >= 1, ends_at > starts_at.
    for (capacity, booked, what) in [
        (2, 3, "booked > capacity"),
        (2, -1, "booked < 0"),
        (0, 0, "capacity 0"),
    ] {
        ensure(
            slot_model(jobcentre_id, cw.id, capacity, booked)?
                .into_active_model()
                .insert(db)
                .await
                .is_err(),
            format!("meeting slot with {what} was accepted"),
        )?;
    }
    for ends_at in [at(3600)?, at(3000)?] {
        ensure(
            meeting_slot::Model {
                ends_at,
                ..slot_model(jobcentre_id, cw.id, 1, 0)?
            }
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
            "meeting slot with ends_at <= starts_at was accepted",
        )?;
    }
    let full = slot_model(jobcentre_id, cw.id, 2, 2)?
        .into_active_model()
        .insert(db)
        .await?;

    // The conditional update books a seat only while one is free.
    let slot = slot_model(jobcentre_id, cw.id, 1, 0)?
        .into_active_model()
        .insert(db)
        .await?;
    let book_seat = |id: Uuid| {
        meeting_slot::Entity::update_many()
            .col_expr(
                meeting_slot::Column::Booked,
                Expr::col(meeting_slot::Column::Booked).add(1),
            )
            .filter(meeting_slot::Column::Id.eq(id))
            .filter(
                Expr::col(meeting_slot::Column::Booked)
                    .lt(Expr::col(meeting_slot::Column::Capacity)),
            )
            .exec(db)
    };
    ensure(
        book_seat(slot.id).await?.rows_affected == 1,
        "free seat not booked",
    )?;
    ensure(
        book_seat(slot.id).await?.rows_affected == 0,
        "seat booked in a full slot",
    )?;
    ensure(
        book_seat(full.id).await?.rows_affected == 0,
        "seat booked in a full slot",
    )?;
    let slot = meeting_slot::Entity::find_by_id(slot.id)
        .one(db)
        .await?
        .ok_or("slot vanished")?;
    ensure(
        slot.booked == 1,
        format!("booked = {} after two tries", slot.booked),
    )?;

    // One SCHEDULED meeting per (slot, citizen); another citizen may book the same slot, and
    // the citizen may book again once the first booking is cancelled.
    let first = meeting_model(&full, citizen_id, Some(full.id))
        .into_active_model()
        .insert(db)
        .await?;
    ensure(
        meeting_model(&full, citizen_id, Some(full.id))
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second SCHEDULED meeting for the same slot and citizen was accepted",
    )?;
    meeting_model(&full, other.id, Some(full.id))
        .into_active_model()
        .insert(db)
        .await?;
    let mut cancel = first.clone().into_active_model();
    cancel.status = sea_orm::Set(MeetingStatus::CancelledByCitizen);
    cancel.update(db).await?;
    let rebooked = meeting_model(&full, citizen_id, Some(full.id))
        .into_active_model()
        .insert(db)
        .await?;
    // Meetings without a slot (summoned) are not limited.
    for _ in 0..2 {
        meeting::Model {
            origin: MeetingOrigin::Summoned,
            ..meeting_model(&full, citizen_id, None)
        }
        .into_active_model()
        .insert(db)
        .await?;
    }

    // An OPEN deadline never points at a meeting; a FULFILLED one always does.
    let (due_at, created_at) = (at(7200)?, at(0)?);
    let deadline = |status, meeting_id, meeting_type| booking_deadline::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        citizen_id,
        meeting_type,
        due_at,
        status,
        meeting_id,
        created_by: Some(cw.id),
        created_at,
    };
    let job = MeetingType::JobConversation;
    ensure(
        deadline(BookingDeadlineStatus::Open, Some(rebooked.id), job)
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "OPEN booking deadline with a meeting_id was accepted",
    )?;
    ensure(
        deadline(BookingDeadlineStatus::Fulfilled, None, job)
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "FULFILLED booking deadline without a meeting_id was accepted",
    )?;
    deadline(BookingDeadlineStatus::Cancelled, None, job)
        .into_active_model()
        .insert(db)
        .await?;
    deadline(BookingDeadlineStatus::Cancelled, Some(first.id), job)
        .into_active_model()
        .insert(db)
        .await?;

    // One OPEN deadline per (citizen, meeting type).
    let open = deadline(BookingDeadlineStatus::Open, None, job)
        .into_active_model()
        .insert(db)
        .await?;
    ensure(
        deadline(BookingDeadlineStatus::Open, None, job)
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second OPEN booking deadline for the same citizen and meeting type was accepted",
    )?;
    deadline(
        BookingDeadlineStatus::Open,
        None,
        MeetingType::JointMeetingFund,
    )
    .into_active_model()
    .insert(db)
    .await?;
    let mut fulfil = open.into_active_model();
    fulfil.status = sea_orm::Set(BookingDeadlineStatus::Fulfilled);
    fulfil.meeting_id = sea_orm::Set(Some(rebooked.id));
    fulfil.update(db).await?;
    deadline(BookingDeadlineStatus::Open, None, job)
        .into_active_model()
        .insert(db)
        .await?;
    Ok(())
}

/// Meetings, absence and cadence.
pub async fn check_round_trip(db: &DatabaseConnection, parties: &Parties<'_>) -> TestResult {
    let Parties {
        jc, cw, cit, pu, ..
    } = *parties;
    let slot = round_trip!(
        db,
        meeting_slot,
        meeting_slot::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            caseworker_id: cw.id,
            series_id: Some(Uuid::now_v7()),
            meeting_type: MeetingType::JointMeetingProvider,
            channel: MeetingChannel::Video,
            location: "https://video.invalid/rum-1".into(),
            starts_at: at(19)?,
            ends_at: at(20)?,
            capacity: 3,
            booked: 1,
            cancelled_at: Some(at(21)?),
            created_at: at(18)?,
        }
    );
    let meeting = round_trip!(
        db,
        meeting,
        meeting::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            caseworker_id: cw.id,
            slot_id: Some(slot.id),
            meeting_type: MeetingType::JointMeetingFund,
            channel: MeetingChannel::Phone,
            location: "+4587654321".into(),
            starts_at: at(19)?,
            ends_at: at(20)?,
            origin: MeetingOrigin::Summoned,
            statutory: false,
            status: MeetingStatus::CancelledByJobcentre,
            status_reason: Some("Sagsbehandler syg".into()),
            attendance_registered_at: Some(at(22)?),
            created_at: at(18)?,
            updated_at: at(23)?,
            version: 2,
        }
    );
    let participant = round_trip!(
        db,
        meeting_participant,
        meeting_participant::Model {
            id: Uuid::now_v7(),
            meeting_id: meeting.id,
            kind: ParticipantKind::ProviderUser,
            provider_user_id: Some(pu.id),
            name: "Kim Koordinator".into(),
        }
    );
    ensure(
        meeting_participant::Model {
            id: Uuid::now_v7(),
            ..participant
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "same provider user added twice to a meeting",
    )?;
    round_trip!(
        db,
        meeting_participant,
        meeting_participant::Model {
            id: Uuid::now_v7(),
            meeting_id: meeting.id,
            kind: ParticipantKind::UnemploymentFund,
            provider_user_id: None,
            name: "A-kassen".into(),
        }
    );
    round_trip!(
        db,
        meeting_status_change,
        meeting_status_change::Model {
            id: Uuid::now_v7(),
            meeting_id: meeting.id,
            from_status: Some(MeetingStatus::Scheduled),
            to_status: MeetingStatus::NoShow,
            reason: None,
            actor_role: "CASEWORKER".into(),
            actor_subject: cw.id.to_string(),
            occurred_at: at(24)?,
        }
    );
    round_trip!(
        db,
        booking_deadline,
        booking_deadline::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            meeting_type: MeetingType::Other,
            due_at: at(25)?,
            status: BookingDeadlineStatus::Fulfilled,
            meeting_id: Some(meeting.id),
            created_by: None,
            created_at: at(18)?,
        }
    );
    round_trip!(
        db,
        absence,
        absence::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            absence_type_code: "SYGEMELDING".into(),
            starts_on: day(2026, 12, 2)?,
            ends_on: Some(day(2026, 12, 9)?),
            reported_by: AbsenceReporter::Citizen,
            reporter_subject: cit.id.to_string(),
            note: Some("Influenza".into()),
            created_at: at(26)?,
            ended_at: Some(at(27)?),
        }
    );
    round_trip!(
        db,
        contact_group,
        contact_group::Model {
            code: "TEST_GROUP".into(),
            name: "Testgruppe".into(),
            valid_from: day(2026, 1, 1)?,
            valid_to: None,
        }
    );
    round_trip!(
        db,
        cadence_policy,
        cadence_policy::Model {
            id: Uuid::now_v7(),
            contact_group_code: "TEST_GROUP".into(),
            source: CadenceSource::Local,
            interval_days: 28,
            valid_from: day(2026, 1, 1)?,
            valid_to: Some(day(2026, 12, 31)?),
        }
    );
    round_trip!(
        db,
        self_booking_policy,
        self_booking_policy::Model {
            contact_group_code: "TEST_GROUP".into(),
            self_booking_right: true,
            self_booking_duty: false,
            valid_from: day(2026, 1, 1)?,
            valid_to: Some(day(2026, 12, 31)?),
        }
    );
    // (contact_group_code, source, valid_from) is unique.
    ensure(
        cadence_policy::Model {
            id: Uuid::now_v7(),
            contact_group_code: "DAGPENGE".into(),
            source: CadenceSource::Law,
            interval_days: 30,
            valid_from: day(2020, 1, 1)?,
            valid_to: None,
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "second LAW cadence policy for DAGPENGE from 2020-01-01 was accepted",
    )?;
    ensure(
        cadence_policy::Model {
            id: Uuid::now_v7(),
            contact_group_code: "DAGPENGE".into(),
            source: CadenceSource::Local,
            interval_days: 0,
            valid_from: day(2026, 1, 1)?,
            valid_to: None,
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "cadence policy with interval_days 0 was accepted",
    )?;
    Ok(())
}
