import type { ListenerGuidelines } from '@kindred/protocol';

/** What every listener agrees to before they are offered to sharers. Bump the version on change. */
export const listenerGuidelines: ListenerGuidelines = {
  version: '2026-11-1',
  title: 'Listener guidelines',
  intro:
    'Thank you for offering your time. People come to Kindred when things feel heavy; what helps ' +
    'most is someone who listens without judging. These guidelines keep them, and you, safe.',
  sections: [
    {
      heading: 'Listen first',
      points: [
        'Let the sharer lead. Ask open questions ("How has that been for you?") and reflect back what you hear.',
        'Accept their feelings as they are. There is no need to fix, judge or compare.',
        'Be patient with silence; some people need time to find their words.',
      ],
    },
    {
      heading: 'Support, not treatment',
      points: [
        'You are a peer, not a therapist or doctor. Do not diagnose, and do not give medical, legal or medication advice.',
        'When someone could use professional help, say so gently and encourage them to reach out.',
      ],
    },
    {
      heading: 'Keep it anonymous',
      points: [
        'Never ask for, or share, real names, phone numbers, addresses, emails or social media accounts.',
        "Do not suggest meeting or moving the conversation elsewhere. Kindred removes contact details for everyone's safety.",
        'What is shared in a chat stays in the chat.',
      ],
    },
    {
      heading: 'When someone may be in danger',
      points: [
        'If a sharer talks about ending their life or hurting themselves or someone else, stay calm, stay with them and take it seriously.',
        'Encourage them to contact a crisis line or emergency services now; Kindred shows them where to find one.',
        'Report the chat so the Kindred team can review it. You are never expected to handle a crisis alone.',
      ],
    },
    {
      heading: 'Look after yourself',
      points: [
        'You can end a chat or step away whenever you need to; set yourself unavailable when you have no room to listen.',
        'Take breaks between chats, and talk to someone you trust, or to Kindred support, when a chat stays with you.',
        'Block and report anyone who is abusive. Kindness goes both ways.',
      ],
    },
  ],
};
