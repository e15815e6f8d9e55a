"""Billing topics, including the planted refund story (story 'billing', theme 'refund')."""

from supportwise.seed.topic import topic

INVOICES = topic(
    "billing", "invoices", 30,
    subjects=("Invoice copy for {month}", "Need VAT number on our invoices", "Where do I find past invoices?",
              "Invoice address is wrong", "Question about invoice {invoice}", "Company name on invoice"),
    problems=(
        "I need a copy of our invoice for {month} for our accounting team, but I can't find it anywhere.",
        "Our finance department needs our VAT ID printed on every invoice. How can we add it?",
        "Invoice {invoice} still shows our old billing address. Can it be reissued?",
        "Is there a way to get invoices sent to our accounts payable mailbox automatically?",
        "The invoice for {month} lists {company} with a typo in the name, which our auditors flagged.",
        "Could you tell me where past invoices live now? The billing page looks different.",
    ),
    details=(
        "We need it before our month-end close.", "Our auditors are asking for all invoices from this year.",
        "I'm the billing admin on the account.", "A PDF is fine.",
    ),
    steps=(
        "All invoices are under Settings → Billing → Invoice history, where each one can be downloaded as PDF.",
        "You can add a VAT or tax ID under Settings → Billing → Company details; it is printed on every new invoice.",
        "If you add a billing contact, invoices are emailed there automatically each cycle.",
        "Invoices already issued can't be edited, but I can reissue {invoice} once the details are updated.",
    ),
    fixes=(
        "I've reissued invoice {invoice} with the corrected details; you'll find it in your invoice history.",
        "I've updated the company details on the account, so future invoices will be correct.",
        "I've attached the invoice for {month} to this reply.",
    ),
    tags=("invoice", "vat", "billing-address"),
    types={"question": 70, "task": 30},
)

PAYMENT_FAILED = topic(
    "billing", "payment-failed", 22,
    subjects=("Payment failed", "Card declined on renewal", "Can't update credit card", "Account suspended for non-payment?",
              "Renewal payment not going through"),
    problems=(
        "Our renewal payment failed and now there's a red banner saying the account will be suspended.",
        "I tried to update our credit card but the form just says 'payment method declined'.",
        "The card on file expired and I can't add a new one; the save button does nothing.",
        "We got an email that our payment failed, but our bank says no charge was attempted.",
        "Every time I enter the new card the page reloads and the old card is still there.",
    ),
    details=(
        "I've tried two different cards.", "It's a corporate Amex.", "We're on the {plan_name} plan with {seats} seats.",
        "Please don't suspend us, the whole team relies on it.",
    ),
    steps=(
        "Could you try adding the card again in a private browser window? Some ad blockers break the payment form.",
        "Your bank may be blocking the charge because it comes from abroad; it's worth asking them to allow it.",
        "I've extended your grace period by 7 days so nothing is suspended while we sort this out.",
        "If a card doesn't work, we can also switch you to invoicing with bank transfer.",
    ),
    fixes=(
        "The new card is now on file and the outstanding payment went through, so the banner is gone.",
        "I've switched the account to invoice billing; the next invoice will arrive by email.",
        "Your payment was processed successfully and the account is in good standing.",
    ),
    tags=("payment", "card-declined", "renewal"),
    types={"problem": 60, "question": 25, "task": 15},
)

PLAN_CHANGES = topic(
    "billing", "plan-changes", 20,
    subjects=("Add {seats} seats", "Downgrade to a smaller plan", "Upgrade to {plan_name}", "Proration question",
              "Remove inactive users from billing"),
    problems=(
        "We'd like to add {seats} more seats for new hires starting next month.",
        "We want to downgrade at the end of our term. What happens to our data?",
        "How is proration calculated if we upgrade in the middle of the billing cycle?",
        "We have {seats} users who left the company. Are we still paying for them?",
        "Can we switch from monthly to annual billing and keep our current discount?",
    ),
    details=("Our renewal is in {month}.", "Budget is tight this quarter.", "We currently pay {amount} per month."),
    steps=(
        "Seats can be added under Settings → Billing → Seats; the change is prorated for the rest of the cycle.",
        "A downgrade takes effect at the end of the current term and no data is deleted.",
        "Deactivated users don't count toward your seat total once they're removed from the plan.",
        "Switching to annual billing applies a credit for the unused part of this month.",
    ),
    fixes=(
        "I've updated the subscription; the new seat count shows on your billing page.",
        "The downgrade is scheduled for the end of your term, and you'll keep full access until then.",
        "Your plan now bills annually and the prorated credit of {amount} has been applied.",
    ),
    tags=("seats", "upgrade", "downgrade", "proration"),
    types={"question": 55, "task": 45},
)

REFUND = topic(
    "billing", "refund", 28,
    subjects=("Refund request", "Double charge on invoice {invoice}", "Charged twice this month", "Charged after cancellation",
              "Refund for duplicate payment", "Please refund {amount}", "Billed for seats we removed",
              "Unexpected charge of {amount}", "Requesting a refund", "Duplicate charge on our card"),
    problems=(
        "We were charged twice for our {month} subscription — two payments of {amount} on the same day.",
        "I cancelled our subscription last month but we were still billed {amount}. Please refund it.",
        "Our card shows a duplicate charge of {amount} for invoice {invoice}.",
        "We removed {seats} seats before the renewal, yet the invoice still charged us for them. We'd like a refund for the difference.",
        "We upgraded to the annual plan by mistake and would like a refund of the {amount} charge.",
        "There are two identical charges of {amount} on our statement this month. One of them needs to be refunded.",
        "We were billed {amount} after our trial ended even though we never entered a card for a paid plan.",
        "Can you refund the last payment? We stopped using the product in {month} and forgot to cancel.",
        "Your system charged our card again after the plan was downgraded. Please reverse the extra payment of {amount}.",
        "Finance spotted a double payment for {invoice}. How do we get our money back?",
    ),
    details=(
        "Our finance team needs the refund processed before the end of the month.",
        "I've checked with our bank and both charges have cleared.",
        "This is the second time this has happened this year.",
        "The charge came through on the card ending in the same digits as before.",
        "Please confirm once the refund has been issued.",
    ),
    steps=(
        "I can see the duplicate payment on our side and I've passed it to our billing team for a refund.",
        "I've checked the account: the cancellation was registered after the renewal date, but I've asked for an exception.",
        "Refunds go back to the original payment method and usually take 5–10 business days to show up.",
        "Could you confirm the last four digits of the card that was charged so I can match the payment?",
    ),
    fixes=(
        "I've issued a refund of {amount}; it should appear on your statement within 5–10 business days.",
        "The duplicate charge has been refunded in full and I've added a note so this doesn't repeat.",
        "Our billing team approved the refund of {amount} and sent a credit note for {invoice}.",
        "The refund for the removed seats has been processed, together with a corrected invoice.",
    ),
    notes=(
        "Refund of {amount} requested; duplicate payment confirmed in Stripe.",
        "Finance approved the refund exception for this account.",
    ),
    tags=("refund", "double-charge", "cancellation", "chargeback-risk"),
    types={"problem": 45, "question": 25, "task": 30},
    story="billing", theme="refund",
)

TOPICS = (INVOICES, PAYMENT_FAILED, PLAN_CHANGES, REFUND)
