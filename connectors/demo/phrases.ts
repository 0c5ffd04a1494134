// Phrase pools the generator combines into messages that read like ordinary work and family chatter.
// Questions live in their own pools so the generator controls which conversations ask something.

export const TOPICS = [
  'the Q3 roadmap', 'the pricing page', 'the onboarding flow', 'the vendor contract', 'the board deck',
  'the hiring plan', 'the API migration', 'the Northwind renewal', 'the budget review', 'the launch checklist',
  'the customer survey', 'the security audit', 'the offsite agenda', 'the release notes', 'the support backlog',
  'the analytics dashboard', 'the partner workshop', 'the data retention policy', 'the mobile beta', 'the invoice run',
];
export const DOCS = ['deck', 'draft', 'spreadsheet', 'latest numbers', 'slides', 'summary', 'proposal', 'mockups', 'notes from the call', 'signed copy'];
export const WHEN = ['before Thursday', 'by end of day', 'before the 3pm call', 'by Friday', 'tomorrow morning', 'this week', 'before the review', 'by Monday'];
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const WORK_QUESTIONS = [
  'Can you send me the {doc} {when}?',
  'Could you take a look at {topic} {when}?',
  'Do you have 15 minutes to talk about {topic}?',
  'Would {day} work for a quick call about {topic}?',
  'Any update on {topic}?',
  'Can you confirm the numbers for {topic}?',
  'Are you OK with me sharing the {doc} with the wider team?',
  'Could you review my comments on {topic} and let me know what you think?',
  'Please let me know if {topic} is still on track.',
  'Who should own {topic} now that the scope changed?',
];
export const WORK_STATEMENTS = [
  'I pushed the latest {doc} for {topic} to the shared drive.',
  'Quick heads-up: {topic} slipped by a couple of days.',
  'Thanks, that works for me.',
  'Running 5 minutes late, start without me.',
  'Legal signed off on {topic}.',
  'I added my notes on {topic} to the doc.',
  'The numbers look better than last month.',
  'Moving the sync on {topic} to {day}.',
  'Great work on {topic}, the client was happy.',
  'Just got out of the meeting, will catch up on {topic} in a bit.',
  'FYI the {doc} for {topic} is in the team folder.',
  'Makes sense. Let us keep it simple for the first version.',
];
export const WORK_ANSWERS = [
  'Sure, sending it over now.',
  'Done, it is in the shared folder.',
  'Yes, {day} works.',
  'On it, you will have it {when}.',
  'Looks good to me, ship it.',
  'I will check and get back to you {when}.',
  'Yes, go ahead.',
  'Not yet, waiting on finance. I will ping them.',
];
export const LIFE_QUESTIONS = [
  'Are we still on for dinner on {day}?',
  'Can you pick up {grocery} on the way home?',
  'Did you book the tickets for {day}?',
  'What time does the school play start on {day}?',
  'Could you call Grandma this weekend? She asked about you.',
  'Do you want to join us for a hike on {day}?',
  'Can you send me the photos from the weekend?',
  'Would you be able to water the plants while we are away?',
];
export const LIFE_STATEMENTS = [
  'Just landed, will call you later.',
  'The kids loved the park today.',
  'Happy birthday!! Have a great day 🎉',
  'Running late, traffic is terrible.',
  'Dinner was amazing, thank you again!',
  'Sent you the recipe.',
  'Check out this photo 😂',
  'Home safe. Talk tomorrow.',
  'Good luck with the presentation!',
];
export const LIFE_ANSWERS = ['Yes! See you then.', 'Sure, no problem.', 'Done 👍', 'Not sure yet, will let you know.', 'Love it, thanks!', 'Got it, on my way.'];
export const GROCERIES = ['milk', 'bread', 'some coffee', 'eggs', 'the dry cleaning', 'a birthday card'];

export const SUBJECTS = [
  '{topic}: next steps', 'Re: {topic}', 'Question about {topic}', 'Notes from today on {topic}', 'Draft for {topic}',
  '{topic} — timeline', 'Follow-up: {topic}', 'Feedback on {topic}',
];
export const GREETINGS = ['Hi {first},', 'Hello {first},', 'Hey {first},', '{first},'];
export const SIGNOFFS = ['Best,', 'Thanks,', 'Cheers,', 'Kind regards,', 'Thanks a lot,'];

export const NEWSLETTER_SUBJECTS = [
  'Your weekly digest', 'This week in product', 'New features you might have missed', 'Your monthly statement is ready',
  'Webinar: scaling your team', 'Last chance: 30% off annual plans',
];
export const NEWSLETTER_LINES = [
  'Can you believe it is already the end of the quarter? Here is what changed this week.',
  'Would you like to get more out of your plan? Upgrade today.',
  'Please do not reply to this email. Manage your preferences in your account.',
  'Three stories we think you will like, picked for you.',
];

export const CHANNELS = ['launch', 'design-review', 'eng-platform', 'sales-emea', 'random', 'incidents', 'marketing', 'hiring', 'support', 'data'];
export const GROUPS = ['Family', 'Book club', 'Climbing crew', 'Project Falcon', 'Leadership sync', 'Weekend plans', 'Neighbours', 'Board prep'];

export const NOTEBOOKS = ['Work / Projects', 'Work / Meetings', 'Work / 1:1s', 'Personal / Home', 'Personal / Travel'];
export const NOTE_TITLES = [
  'Meeting notes: {topic}', '1:1 with {first}', 'Ideas for {topic}', 'Weekly plan', 'Trip checklist', 'Reading list',
  'Retro: {topic}', 'Questions for {first}',
];
export const TODOS = [
  'Send the {doc} for {topic} to {first}', 'Book a room for the {day} workshop', 'Review {topic}', 'Reply to {first} about {topic}',
  'Renew passport', 'Pay the electricity bill', 'Prepare slides for {topic}', 'Ask {first} about budget', 'Call the dentist',
];

/** Words a person would find in real mail; used to pad bodies so search has something to chew on. */
export const FILLER = [
  'Happy to jump on a call if that is easier.', 'I have attached the latest version.',
  'We can revisit this next week.', 'Adding {first} for visibility.', 'The timeline is tight but doable.',
  'Nothing urgent, whenever you have a moment.',
];
