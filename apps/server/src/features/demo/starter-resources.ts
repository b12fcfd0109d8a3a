import type { StarterResource } from '../resources';

/**
 * The library a new installation starts with, written by the Kindred team: short, warm, plain
 * pieces for the moments people come to Kindred in, including the middle of the night.
 */
export const starterResources: StarterResource[] = [
  {
    type: 'article',
    title: 'Box breathing: a square to steady you',
    summary:
      'A simple breathing pattern you can do anywhere, in four equal counts, to calm a racing body.',
    topics: ['anxiety', 'stress', 'panic'],
    language: 'en',
    featured: true,
    body: `When you feel anxious, your breathing often speeds up and moves into your chest. Box breathing gently slows it down again. It is used by nurses, athletes and people who simply need a minute to steady themselves.

## How to do it

Picture a square. You will travel along its four sides, one count of four at a time.

1. **Breathe in** through your nose for a count of four.
2. **Hold** the breath, softly, for a count of four.
3. **Breathe out** through your mouth for a count of four.
4. **Hold** again, with empty lungs, for a count of four.

That is one square. Do four or five of them, or keep going for a couple of minutes.

## A few things that help

- Count slowly, but not so slowly that you strain. If four feels too long, use three.
- Let your belly rise as you breathe in, rather than your shoulders.
- If holding your breath makes you feel worse, skip the holds and just breathe in for four and out for six.
- Your mind will wander. That is normal. Come back to the next side of the square.

## When to use it

Before a difficult conversation, when you cannot get to sleep, in a queue, on the bus, or in the middle of a wave of panic. Nobody needs to know you are doing it.

There is also a spoken version of this exercise in the library, if you would rather be guided.`,
  },
  {
    type: 'audio',
    title: 'Box breathing, guided (audio)',
    summary:
      'Ninety seconds of gentle guidance through three rounds of box breathing. Press play and follow along.',
    topics: ['anxiety', 'stress', 'panic'],
    language: 'en',
    featured: true,
    file: { asset: 'box-breathing.ogg', name: 'box-breathing.ogg' },
    body: `**Transcript**

Welcome. This is a short box breathing exercise. You can do it sitting or lying down. There is nothing to get right.

Let your shoulders drop. Rest your hands wherever they are comfortable. We will breathe in a square: in for four, hold for four, out for four, and hold for four.

Breathe in, two, three, four. Hold, two, three, four. Breathe out, two, three, four. Hold, two, three, four. (Three rounds.)

Now let your breath find its own pace. Notice your feet on the floor, and the weight of your body being held. If your mind wandered, that is fine. You can come back to the square whenever you need it. Take care of yourself.`,
  },
  {
    type: 'article',
    title: '5-4-3-2-1: grounding yourself in the room',
    summary:
      'When thoughts spiral, your senses can bring you back to the here and now. Five things, four, three, two, one.',
    topics: ['anxiety', 'panic', 'stress'],
    language: 'en',
    featured: true,
    body: `Grounding means gently moving your attention out of your head and into the place where you are. It does not make the feeling disappear, but it gives you somewhere steady to stand while it passes.

## The exercise

Take your time with each step. Say the things out loud or in your head.

- **5 things you can see.** A lamp. The pattern on a mug. A crack in the ceiling. Look at each one properly.
- **4 things you can feel.** Your feet in your socks. The chair under you. The air on your hands. Your hair on your neck.
- **3 things you can hear.** Traffic, a fridge humming, your own breathing.
- **2 things you can smell.** If nothing comes, move somewhere, or remember two smells you like.
- **1 thing you can taste.** Toothpaste, tea, or just the inside of your mouth.

## If it does not work straight away

That is all right. Do it again, slower. Some people find it easier to pick one sense and stay with it: naming every blue thing in the room, or describing one object in great detail, as if to someone who has never seen it.

You can also hold something with a strong texture or temperature: an ice cube, a cold can, a rough blanket. Sensations like these are hard for the mind to ignore.

Grounding is a skill. The more often you practise it when you feel fine, the easier it is to reach for when you do not.`,
  },
  {
    type: 'article',
    title: 'Getting through a panic attack',
    summary:
      'What is happening in your body, why it cannot hurt you, and what to do, step by step, until it passes.',
    topics: ['panic', 'anxiety'],
    language: 'en',
    featured: true,
    body: `A panic attack can feel like the worst thing that has ever happened to you. Your heart races, your chest tightens, you may feel dizzy, shaky, sick or far away, and you may be sure that something terrible is about to happen. Many people think they are having a heart attack or losing their mind.

Here is the most important thing to know: **a panic attack is frightening, but it is not dangerous.** It is your body's alarm system going off when there is no fire. It always ends, usually within ten to twenty minutes.

## While it is happening

1. **Name it.** Say to yourself: "This is panic. It feels awful, and it will pass."
2. **Slow your breath out.** Breathe in gently for four, and out for six or seven. A long out-breath tells your body it is safe.
3. **Do not fight it.** Trying to force it away often makes it stronger. Let the wave rise, and let it fall.
4. **Ground yourself.** Press your feet into the floor. Name five things you can see. Hold something cold.
5. **Stay where you are if you can.** Leaving can teach your brain that the place was the danger. If you need to move, move slowly.

## Afterwards

You will probably feel tired, shaky or tearful. Be kind to yourself, drink some water, and rest if you can. It can help to tell someone, a friend or a listener here on Kindred, what it was like.

## When to get more help

If panic attacks keep coming back, or you are avoiding places because of them, talk to a doctor. Panic responds well to treatment, and you do not have to keep going through this alone.

If you have chest pain and you are not sure it is panic, or you have never had an attack before, it is always all right to call emergency services.`,
  },
  {
    type: 'article',
    title: 'Sleep when your mind races',
    summary:
      'Lying awake with thoughts going round and round? A few gentle ways to quieten your head and let sleep come back.',
    topics: ['sleep', 'anxiety', 'stress'],
    language: 'en',
    body: `It is one of the loneliest feelings: the house is quiet, everyone else is asleep, and your mind will not stop. Worries from today, plans for tomorrow, a conversation from ten years ago.

You cannot force sleep. But you can make it easier for it to find you.

## Put the thoughts somewhere

Keep a notebook by the bed. When a thought keeps circling, write it down, with one small next step if there is one ("ring the dentist"). Then tell yourself: *it is on paper now, I can pick it up in the morning.*

## Give your mind something dull to do

Racing thoughts love an empty stage. Fill it with something gentle and boring:

- Count backwards from 300 in threes.
- Pick a letter and name a fruit, a city or a name for each letter of the alphabet.
- Imagine walking slowly through a place you know well, noticing every detail.

## Breathe out for longer

Breathe in for four and out for six or seven, for a few minutes. Long out-breaths slow your heart.

## If you have been awake a long time

If twenty minutes or so have gone by, get up. Go to another room with dim light and do something quiet, like reading something undemanding, until you feel sleepy, then go back. This teaches your body that bed is for sleeping, not for worrying.

## In the daytime

Getting up at the same time each day, going outside in the morning light, and keeping caffeine to before lunch all help more than they sound like they would.

If it is 3 am and you need to talk, Kindred is here. And if poor sleep goes on for weeks, a doctor can help.`,
  },
  {
    type: 'article',
    title: 'Supporting a friend who is struggling',
    summary:
      'You do not need the perfect words. How to listen, what to say, what to avoid, and how to look after yourself too.',
    topics: ['supporting others', 'relationships'],
    language: 'en',
    body: `When someone you care about is going through a hard time, it is natural to worry about saying the wrong thing. The good news is that you do not need to fix anything. Being there, and listening, is often what helps most.

## Listening well

- **Make time.** Put your phone away. A walk side by side can be easier than sitting face to face.
- **Ask open questions.** "How have things been?" or "What has it been like for you?" invite more than "Are you OK?"
- **Let silences be.** People often say the most important thing after a pause.
- **Reflect back.** "It sounds like you have been carrying this on your own for a while." It shows you heard them.

## Things that usually do not help

- Rushing to solutions ("Have you tried yoga?").
- Comparing ("I know exactly how you feel, when I…").
- Silver linings ("At least…").
- Telling them how they should feel.

## Things you can say

"I am really glad you told me." "That sounds so hard." "I am here, and I am not going anywhere." "What would help right now, even a little?"

## If you are worried about their safety

It is all right to ask directly whether they are thinking about suicide. Asking does not put the idea in their head, and it can be a relief to be asked. If they are in danger, stay with them and contact emergency services or a crisis line together.

## Look after yourself too

Supporting someone can be tiring. You are allowed to have limits, to take breaks, and to talk to someone about how you are feeling. A listener on Kindred is there for you as well.`,
  },
  {
    type: 'article',
    title: 'What to expect from a listener',
    summary:
      'Who listeners are, what a chat on Kindred is like, what they can and cannot do, and how to get the most from it.',
    topics: ['anxiety', 'loneliness', 'stress'],
    language: 'en',
    featured: true,
    body: `A listener is a trained volunteer who has chosen to give their time to hear people out. They are not therapists or doctors. They are people who know what it is like to need someone, and who want to be that someone for you.

## What a chat is like

- **It is anonymous.** You both use a pseudonym. Your real name and email are never shown to anyone.
- **It is yours.** You can talk about anything: a bad day, a relationship, loneliness, something you have never told anyone. You do not need a "big enough" reason.
- **It is at your pace.** There is no script. Silences are fine. You can end the chat whenever you want.
- **It does not last forever.** Listening chats disappear 24 hours after they start.

## What a listener will do

Listen without judging. Ask gentle questions. Help you put things into words, and sometimes help you think about what might help next. They will be honest with you and kind to you.

## What a listener will not do

Give medical advice or a diagnosis, tell you what to do with your life, ask for your contact details, or try to meet you. If you are in danger, they will encourage you to reach a crisis line or emergency services, because they want you to have more help than a chat can give.

## Getting the most from it

You do not need to prepare. If you are not sure where to start, "I do not really know where to begin" is a perfectly good first message. If a chat does not feel right, it is fine to end it and try another listener.

And afterwards, you can leave feedback. It helps listeners grow, and it helps us keep Kindred kind.`,
  },
  {
    type: 'article',
    title: 'When loneliness is heavy',
    summary:
      'Feeling alone is painful and far more common than it looks. Small, doable ways to feel a little more connected.',
    topics: ['loneliness'],
    language: 'en',
    body: `Loneliness is not about how many people you know. You can feel lonely in a crowd, in a relationship, or in a busy family. It is the feeling that nobody really sees you, and it can hurt in a way that is hard to explain.

If you feel like this, you are not strange and you are not alone in feeling alone. Many people do, often more than they let on.

## Start small

Connection does not have to begin with a deep friendship. Small moments count:

- Say good morning to a neighbour, or chat for a minute with someone in a shop.
- Send a short message to someone you have lost touch with. "I thought of you today" is enough.
- Go where people gather around something, not around talking: a library, a class, a volunteer group, a park run.

## Be gentle with the voice in your head

Loneliness often comes with thoughts like "nobody would want to hear from me". Notice them, and remember they are a symptom of feeling lonely, not the truth about you.

## Look after the basics

Lonely days are harder on little sleep, little food and no daylight. A walk outside, a proper meal and a regular bedtime will not fix loneliness, but they make it easier to carry.

## Talk to someone

That is what Kindred is for. A listener will be glad to hear from you, whatever the time, whether you want to talk about feeling lonely or about something else entirely.`,
  },
  {
    type: 'article',
    title: 'Worry time: giving your worries an appointment',
    summary:
      'A practical way to stop worries taking over the whole day: set aside fifteen minutes for them, and only then.',
    topics: ['anxiety', 'stress', 'sleep'],
    language: 'en',
    body: `Worries have a way of spreading to fill the day. Worry time is a simple technique, used in talking therapies, that gives them a place of their own, so the rest of your day can be a bit freer.

## How it works

1. **Choose a time.** Fifteen or twenty minutes, at the same time each day. Early evening works for many people. Not just before bed.
2. **During the day, postpone.** When a worry turns up, jot it down in a few words and tell yourself: "I will think about that at worry time."
3. **At worry time, worry.** Go through your list. For each worry, ask: *is this something I can do something about?* If yes, write one small next step. If no, practise letting it go for today.
4. **When the time is up, stop.** Do something that needs your attention: cook, walk, ring someone.

## What people notice

Often, by the time worry time comes, some worries no longer seem important. Others are still there, but feel more manageable on paper. And you learn something useful: that worries can wait, and that you have more say over them than it feels like.

It takes a week or two of practice. Be patient with yourself.`,
  },
  {
    type: 'article',
    title: 'Respiración en caja: un cuadrado para calmarte',
    summary:
      'Una forma sencilla de respirar en cuatro tiempos iguales para calmar el cuerpo cuando la ansiedad aprieta.',
    topics: ['anxiety', 'stress'],
    language: 'es',
    body: `Cuando sentimos ansiedad, la respiración se acelera. La respiración en caja ayuda a que vuelva a su ritmo.

## Cómo hacerla

Imagina un cuadrado y recorre sus cuatro lados, contando hasta cuatro en cada uno:

1. **Inspira** por la nariz contando hasta cuatro.
2. **Mantén** el aire, con suavidad, contando hasta cuatro.
3. **Espira** por la boca contando hasta cuatro.
4. **Mantén** los pulmones vacíos contando hasta cuatro.

Repite cuatro o cinco veces. Si contener la respiración te incomoda, inspira en cuatro tiempos y espira en seis.

Tu mente se distraerá, y no pasa nada. Vuelve al siguiente lado del cuadrado. Y si necesitas hablar con alguien, en Kindred hay personas dispuestas a escucharte.`,
  },
  {
    type: 'link',
    title: 'Find a crisis line near you',
    summary:
      'If you are thinking about ending your life or might hurt yourself, free and confidential helplines in your country, day and night.',
    topics: ['anxiety', 'panic', 'supporting others'],
    language: 'en',
    url: 'https://findahelpline.com',
  },
];
