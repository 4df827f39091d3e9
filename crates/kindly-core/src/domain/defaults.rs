//! The built-in templates, one for each moment of the follow-up. They are written the way we
//! hope owners will write: warm, direct, specific, and respectful of the time and heart a
//! candidate put into applying.

stored! {
/// The moment of the follow-up a template is for.
pub enum Purpose {
    ThankYou,
    Rejection,
    /// The role is filled: for someone who applied and was never interviewed.
    RoleFilled,
    RunnerUp,
    ReferenceSupervisor,
    ReferenceColleague,
    Offer,
    Welcome,
    Update,
    /// A short, personal check-in with someone in the talent pool.
    StayInTouch,
    /// A role like theirs has opened.
    Reconnect,
    /// Their consent to stay in the talent pool is ending: may we keep their details?
    ConsentRenewal,
}
}

impl Purpose {
    pub const ALL: [Purpose; 12] = [
        Purpose::ThankYou,
        Purpose::Update,
        Purpose::Rejection,
        Purpose::RoleFilled,
        Purpose::RunnerUp,
        Purpose::ReferenceSupervisor,
        Purpose::ReferenceColleague,
        Purpose::Offer,
        Purpose::Welcome,
        Purpose::StayInTouch,
        Purpose::Reconnect,
        Purpose::ConsentRenewal,
    ];
}

pub struct Default {
    pub purpose: Purpose,
    pub name: &'static str,
    pub subject: &'static str,
    pub body: &'static str,
}

pub const DEFAULTS: &[Default] = &[
    Default {
        purpose: Purpose::ThankYou,
        name: "Thank you after the interview",
        subject: "Thank you for your time, {{ candidate_first_name }}",
        body: "Hi {{ candidate_first_name }},

Thank you for meeting with us about the {{ role_title }} role. An interview takes time, preparation and a little courage, and we appreciated the care you brought to it.

We are finishing our conversations with a few more people, and you will hear from me by {{ follow_up_date }} with our decision, whatever it is. If anything changes on your side before then, just reply to this email.

With thanks,
{{ signature }}",
    },
    Default {
        purpose: Purpose::Update,
        name: "We need a few more days",
        subject: "An update on the {{ role_title }} role",
        body: "Hi {{ candidate_first_name }},

I promised you news about the {{ role_title }} role, and I want to keep you in the loop: we need a few more days to make our decision.

You will hear from me by {{ follow_up_date }}. Thank you for your patience. I know waiting is the hard part.

Best wishes,
{{ signature }}",
    },
    Default {
        purpose: Purpose::Rejection,
        name: "Not this time, with feedback",
        subject: "Your application for the {{ role_title }} role",
        body: "Hi {{ candidate_first_name }},

Thank you for the time and thought you gave to interviewing for the {{ role_title }} role. We have decided not to offer you the role this time, and I wanted you to hear it from me directly.

{{ feedback }}

This is not the news you hoped for. You put real effort into this, and it showed. I wish you every success in your search.

Kind regards,
{{ signature }}",
    },
    Default {
        purpose: Purpose::RoleFilled,
        name: "We have filled the role",
        subject: "The {{ role_title }} role at {{ company_name }}",
        body: "Hi {{ candidate_first_name }},

Thank you for applying for the {{ role_title }} role at {{ company_name }}, and for your interest in working with us. We have now filled the role, so we will not be taking your application further.

We read every application, and I wanted you to hear this from me rather than be left wondering. I wish you every success in your search.

Kind regards,
{{ signature }}",
    },
    Default {
        purpose: Purpose::RunnerUp,
        name: "Runner-up: thank you, and let's stay in touch",
        subject: "Thank you, {{ candidate_first_name }}, and let's stay in touch",
        body: "Hi {{ candidate_first_name }},

Thank you for everything you put into the {{ role_title }} interviews. It was a genuinely close decision, and in the end we offered the role to another candidate.

{{ feedback }}

You were one of our strongest candidates, and I would like to stay in touch. If you are happy for us to keep your details and contact you when a similar role opens, just reply to say so. We will keep them for {{ consent_months }} months, and you can ask us to remove them at any time.

With thanks and warm wishes,
{{ signature }}",
    },
    Default {
        purpose: Purpose::ReferenceSupervisor,
        name: "Reference request: a previous supervisor",
        subject: "A reference for {{ candidate_full_name }}",
        body: "Dear {{ reference_name }},

{{ candidate_full_name }} has applied for the {{ role_title }} role at {{ company_name }} and named you as someone who supervised their work. With their permission, I would like to ask you a few questions.

Could we have a 15-minute call in the next few days? I would like to hear about their technical skills and how they work with others: what they do best, and where you saw them grow.

Anything you share will be kept confidential and used only for this hiring decision.

Many thanks,
{{ signature }}",
    },
    Default {
        purpose: Purpose::ReferenceColleague,
        name: "Reference request: a colleague",
        subject: "A reference for {{ candidate_full_name }}",
        body: "Dear {{ reference_name }},

{{ candidate_full_name }} has applied for the {{ role_title }} role at {{ company_name }} and mentioned that you worked alongside them. With their permission, I would love to hear your view.

Would you have 15 minutes for a call, or a few lines by email? I am especially interested in what they are like to work with day to day, and the skills you relied on them for.

Anything you share will be kept confidential and used only for this hiring decision.

Many thanks,
{{ signature }}",
    },
    Default {
        purpose: Purpose::Offer,
        name: "The offer",
        subject: "An offer for the {{ role_title }} role",
        body: "Hi {{ candidate_first_name }},

I am delighted to offer you the {{ role_title }} role at {{ company_name }}.

{{ offer_summary }}

We would love you to start on {{ start_date }}. The offer is open until {{ offer_open_until }}: please take the time you need to read it through, and ask me anything at all.

We really enjoyed getting to know you, and we hope you will say yes.

Warmly,
{{ signature }}",
    },
    Default {
        purpose: Purpose::Welcome,
        name: "Welcome to the team",
        subject: "Welcome to {{ company_name }}, {{ candidate_first_name }}!",
        body: "Hi {{ candidate_first_name }},

We are so glad you said yes. Welcome to the team!

Your first day is {{ start_date }}. Before then I will send you the practical details: where to go, who you will meet, and what your first week looks like, so you can arrive knowing what to expect.

If anything comes up in the meantime, just reply here.

See you soon,
{{ signature }}",
    },
    Default {
        purpose: Purpose::StayInTouch,
        name: "Stay in touch: a quick hello",
        subject: "Hello from {{ company_name }}, {{ candidate_first_name }}",
        body: "Hi {{ candidate_first_name }},

It has been a little while since we last spoke, and I wanted to say hello. We still think of you warmly after the {{ role_title }} interviews.

How are things going for you? If anything has changed in what you are looking for, I would love to hear it.

No need for a long reply. I just wanted you to know you have not been forgotten.

Best wishes,
{{ signature }}",
    },
    Default {
        purpose: Purpose::Reconnect,
        name: "Reconnect: a role like yours has opened",
        subject: "A new {{ role_title }} role at {{ company_name }}",
        body: "Hi {{ candidate_first_name }},

When you interviewed with us, you were one of the people we most hoped to work with one day. We have just opened a {{ role_title }} role, and you were the first person I thought of.

If you are open to it, I would love to have a conversation about it: just reply and we will find a time. If the timing is not right, that is completely fine too.

Warm wishes,
{{ signature }}",
    },
    Default {
        purpose: Purpose::ConsentRenewal,
        name: "May we keep your details?",
        subject: "May we stay in touch, {{ candidate_first_name }}?",
        body: "Hi {{ candidate_first_name }},

When we last spoke, you kindly agreed that we could keep your details and contact you when a role like yours opens. That agreement is coming to an end.

If you are happy for us to stay in touch for another {{ consent_months }} months, just reply to say so. If not, there is nothing to do: we will remove your details, with our thanks.

Best wishes,
{{ signature }}",
    },
];

/// Earlier versions' built-in texts: a built-in template still word for word one of these was
/// never edited by the owner, and is brought up to the current text when Kindly starts.
pub const RETIRED: &[(Purpose, &str, &str)] = &[
    (
        Purpose::Rejection,
        "Thank you for the time and thought you gave to interviewing for the {{ role_title }} role. We have decided to offer the position to someone else, and I wanted you to hear it from me directly.",
        "Thank you for the time and thought you gave to interviewing for the {{ role_title }} role. We have decided not to offer you the role this time, and I wanted you to hear it from me directly.",
    ),
    (
        Purpose::RunnerUp,
        "We will keep them for 12 months, and you can ask us to remove them at any time.",
        "We will keep them for {{ consent_months }} months, and you can ask us to remove them at any time.",
    ),
    (
        Purpose::ConsentRenewal,
        "If you are happy for us to stay in touch for another 12 months, just reply to say so.",
        "If you are happy for us to stay in touch for another {{ consent_months }} months, just reply to say so.",
    ),
    (
        Purpose::Offer,
        "We would love you to start on {{ start_date }}. Please take the time you need to read this through, and ask me anything at all.",
        "We would love you to start on {{ start_date }}. The offer is open until {{ offer_open_until }}: please take the time you need to read it through, and ask me anything at all.",
    ),
];

/// The body an earlier version seeded for this purpose, if this one is it word for word.
pub fn retired_body(purpose: Purpose, body: &str) -> bool {
    let current = default_for(purpose).body;
    let old = RETIRED
        .iter()
        .filter(|(p, ..)| *p == purpose)
        .fold(current.to_string(), |b, (_, was, now)| b.replace(now, was));
    old != current && body == old
}

pub fn default_for(purpose: Purpose) -> &'static Default {
    DEFAULTS
        .iter()
        .find(|d| d.purpose == purpose)
        .expect("every purpose has a default")
}
