"""The conversational glue around a topic: greetings, tone, follow-ups, sign-offs, notes.

Pools are keyed by tone where wording changes with the customer's mood:
``calm``, ``upset`` (frustrated) and ``angry``.
"""

from __future__ import annotations

from supportwise.seed.body import Fragment, fragments

# --- the customer's first message -------------------------------------------------------
GREETINGS = fragments(
    "Hi,", "Hello,", "Hi there,", "Hello support team,", "Hi team,", "Good morning,", "Good afternoon,",
    "Dear Tallyo support,", "Hey,", "Hi support,", "Hello Tallyo team,", "To whom it may concern,", "Hi folks,",
)
CHAT_GREETINGS = fragments("hi!", "Hello!", "hey there!", "Hi!", "hello -", "hi there!", "Hi, quick one:")
INTROS = fragments(
    "I'm the admin for our {company} workspace.", "We've been using Tallyo for a couple of years now.",
    "Writing on behalf of our operations team at {company}.", "Quick question.", "Hope you can help with something.",
    "I'm reaching out about an issue with our account.", "First time contacting support, so bear with me.",
    "Following up on a problem a colleague mentioned.", "I manage {seats} users at {company}.",
    "Following up on my phone call from earlier.", "Our account is under {company}.",
)
IMPACT = {
    "calm": fragments(
        "It's not urgent, but it would be good to get it sorted.", "No big rush, I just want to understand what's happening.",
        "It's a minor thing, but it's confusing our team.", "Whenever you get a chance is fine.",
        "Not a big deal, but I thought you should know.",
    ),
    "upset": fragments(
        "This is blocking part of our team.", "It's really slowing us down.",
        "We rely on this every day, so it's quite disruptive.", "This is the second time this month, which is frustrating.",
        "I'd appreciate a quick answer, we're stuck.", "My manager is asking me for an update.",
        "Honestly this is getting frustrating.", "We've lost most of the morning to this already.",
    ),
    "angry": fragments(
        "This is completely unacceptable.", "We are paying for this service and it simply doesn't work.",
        "Frankly, we're considering moving to another provider.", "I need someone to take this seriously.",
        "This has cost us a full day of work.", "How could this happen without any warning?",
        "I expect a fix today, not another generic reply.", "Honestly, this is a mess.",
        "This is the worst experience we've had with any vendor.", "We are very disappointed.",
    ),
}
ASKS = {
    "calm": fragments(
        "Can you take a look?", "Could you please help?", "What should we do?", "Please advise.",
        "Any idea what's going on?", "Is this a known issue?", "Let me know if you need anything from me.",
        "How do we fix this?", "Thanks for looking into it.",
    ),
    "upset": fragments(
        "Can someone look into this today?", "Please help us fix this quickly.", "Is this a known issue?",
        "What is going on?", "Please let me know as soon as possible.",
    ),
    "angry": fragments(
        "Please escalate this immediately.", "I want this escalated to someone senior.", "Call me back as soon as possible.",
        "I want to know what happened and when it will be fixed.", "Fix this now, please.",
    ),
}
CONTACTS = fragments(
    "You can reach me at [email] or [phone].", "My direct line is [phone] if a call is easier.",
    "Please reply to [email], I'm not always on the shared inbox.", "Feel free to call me on [phone].",
    "The best way to reach me today is [phone].", "You can also email me directly at [email].",
    "Call me at [phone] or write to [email], whichever is faster.", "I'm on [phone] all afternoon.",
)
CLOSINGS = {
    "calm": ("Thanks,", "Thanks in advance,", "Best,", "Regards,", "Cheers,", "Kind regards,", "Thank you,",
             "Many thanks,", "Best regards,", "Thx,"),
    "upset": ("Thanks,", "Regards,", "Best,", "Thank you,", "Hoping to hear back soon,"),
    "angry": ("Regards,", "Waiting for your answer,", "Thanks,", "Still waiting,"),
}
SIGNATURES = fragments(
    "[name]", "[name]", "[name]", "[first]", "[name]\n{job_title}, {company}", "[name]\n{job_title}\n[phone]",
    "[name] | {company}", "[first]\n{company}",
)

# --- the agent ---------------------------------------------------------------------------
AGENT_GREETINGS = fragments(
    "Hi [first],", "Hello [first],", "Hi [first],", "Dear [name],", "Hi there,", "Hello,", "Hi [first]!",
    "Good morning [first],", "Hey [first],",
)
ACKS = {
    "calm": fragments(
        "Thanks for the detailed description.", "Happy to help with this.", "Thanks for getting in touch about this.",
        "Good question!", "Thanks for flagging this.", "Thanks for the clear write-up, that helps a lot.",
        "Thanks for reaching out.", "Thanks for contacting Tallyo Support.",
    ),
    "upset": fragments(
        "I'm sorry for the trouble this is causing.", "I understand how frustrating this is, and I apologize.",
        "Sorry about this — let's get it sorted.", "Thanks for your patience, I know this is disruptive.",
    ),
    "angry": fragments(
        "I'm really sorry — I know your team depends on this.", "I completely understand your frustration, and I apologize.",
        "I understand the urgency and I've made this my priority.", "You're right to expect better, and I'm sorry.",
        "I'm sorry, this is not the experience we want you to have.",
    ),
}
STEP_INTROS = fragments(
    "Here's what I'd suggest:", "A few things to try:", "Could you try the following?", "Here's what we know so far:",
    "Some things that should help:",
)
AGENT_ASKS = fragments(
    "Let me know how it goes.", "Could you send a screenshot of what you see?",
    "If it still happens, please tell me the time it occurred and your time zone.", "Please reply here if anything is unclear.",
    "Let me know if that helps.", "I'll keep this ticket open until we're sure it's fixed.",
    "Does that answer your question?", "I'll follow up as soon as I hear back from the team.",
)
AGENT_DIRECT = fragments("You can also reach me directly at [agent_email].", "Feel free to email me at [agent_email].")
AGENT_SIGNOFFS = fragments(
    "Best,\n[agent]\nTallyo Support", "Kind regards,\n[agent]", "Thanks,\n[agent_first]",
    "Cheers,\n[agent_first]\nTallyo Support", "Best regards,\n[agent]\n{team} team, Tallyo", "All the best,\n[agent]",
    "Warm regards,\n[agent]\nCustomer Support", "Thanks,\n[agent]",
)
CHAT_SIGNOFFS = fragments("- [agent_first]", "[agent_first], Tallyo Support", "- [agent_first] from Tallyo")
AGENT_UPDATES = fragments(
    "Thanks for the details — I was able to reproduce the issue.",
    "I've escalated this to our engineering team with everything you sent.",
    "Quick update: our engineers have identified the cause and are working on a fix.",
    "Thanks for your patience. I'm still investigating and will update you by tomorrow.",
    "Just checking in — were you able to try the steps above?", "Thanks for testing that. Let's try one more thing.",
    "I've looped in a specialist from our {team} team who knows this area well.",
    "Engineering is tracking this as {ref}; I'll let you know as soon as there's progress.",
)
AGENT_CLOSES = fragments(
    "I'll mark this ticket as solved, but just reply if anything else comes up.",
    "I'm closing this for now — a reply will reopen it.", "Thanks for bearing with us while we sorted this out.",
    "Have a great rest of your week!", "Glad we could get this sorted.",
    "If anything looks off, reply here and I'll pick it up.",
)
CONFIRMED = fragments("Great to hear!", "Glad that worked!", "Thanks for confirming.", "Perfect, thanks for letting me know.")
TRIAGE_NOTES = fragments(
    "Triage: {area} issue, routing to the {team} queue.", "New ticket, needs a {team} agent. Priority {priority}.",
    "Triage: looks like {area}; requester [name] at {company}.", "Triaged as {priority}, {plan_name} plan.",
    "Auto-triage: {area}. Check for similar tickets from {company}.",
)
NOTES = fragments(
    "Checked logs for {workspace_id}, nothing unusual in the last 24h.", "Escalating to Tier 2 — {plan_name} customer.",
    "Reproduced on staging, filed {ref}.", "Linked to {ref}.", "Customer [name] called in and asked for a callback at [phone].",
    "Customer contact for this one: [email].", "Waiting on engineering, follow up tomorrow.",
    "{plan_name} account — keeping the account manager in the loop.", "Possibly related to another ticket from {company}.",
)

# --- the customer's later messages ------------------------------------------------------
FOLLOW_GREETINGS = fragments(
    "Hi [agent_first],", "Thanks [agent_first].", "Hello [agent_first],", "Hi,", "Thanks for the quick reply.",
    "Hello again,", "Thanks for getting back to me.",
)
FOLLOW = {
    "info": fragments(
        "Here are the details you asked for.", "It happened again {clock_time} today.",
        "I've attached a screenshot of the error.", "I'm using {browser} on {desktop}.", "Our workspace ID is {workspace_id}.",
        "It affects everyone on our team, not just me.", "The last time was {clock_time}, our time.",
    ),
    "still": fragments(
        "I tried that but it's still not working.", "Unfortunately no change after following your steps.",
        "We did exactly what you suggested and the problem is still there.", "That didn't help, I'm afraid.",
        "Still the same on our end.",
    ),
    "angry": fragments(
        "It's been {days} days and this still isn't fixed.", "We need an update today.",
        "I've been waiting for a reply for far too long.", "Every day this stays broken costs us money.",
        "Can someone senior look at this please?", "This is the third time I'm asking for an update.",
        "Your last reply didn't address the problem at all.",
    ),
    "ok": fragments(
        "Great, thank you!", "Perfect, thanks for sorting this out.", "All good now, appreciate it.",
        "Thanks, that's all we needed.", "Brilliant, thanks.", "Much appreciated!", "Great, thanks for the help.",
    ),
    "reopen": fragments(
        "Unfortunately the problem is back.", "I have to reopen this — it's happening again.",
        "It worked for a day but now it's broken again.",
    ),
}


def run_on(pool: tuple[Fragment, ...]) -> tuple[Fragment, ...]:
    """The greetings of a pool that read well on the same line as what follows (for chat)."""
    return tuple(f for f in pool if not f[-1][1].endswith(","))


AGENT_GREETINGS_CHAT = run_on(AGENT_GREETINGS)
FOLLOW_GREETINGS_CHAT = run_on(FOLLOW_GREETINGS)
FOLLOW_CONTACTS = fragments(
    "If it's easier, call me on [phone].", "My mobile is [phone] if you want to do a screen share.",
    "Please copy [email] on updates as well.",
)
FOLLOW_SIGNATURES = fragments("[first]", "Thanks,\n[name]", "- [first]", "Best,\n[first]", "[name]")
