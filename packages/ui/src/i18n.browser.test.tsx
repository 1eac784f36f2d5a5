/**
 * The components in other languages, in real Chromium: right-to-left pages (Arabic, Hebrew), long translations
 * (German) on a phone-sized screen, names in other scripts. Each test measures where things land on screen.
 */
import { CallClient, MemoryNetwork, type UserId } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent as realInput } from 'vitest/browser';
import './styles.css';
import { initialsOf } from './avatar/Avatar.js';
import {
  CallControls,
  CameraButton,
  HangUpButton,
  MicButton,
  ScreenShareButton,
  SwitchCameraButton,
} from './call-controls/CallControls.js';
import { CallGrid } from './call-grid/CallGrid.js';
import { CallLayout } from './call-layout/CallLayout.js';
import { OutgoingCallScreen } from './call-status/CallStatusScreen.js';
import { DeviceSettingsButton, MediaDeviceSelect } from './device-settings/DeviceSettings.js';
import { formatDuration } from './duration.js';
import { IncomingCallDialog } from './incoming-call/IncomingCallDialog.js';
import { bidiIsolate, type LabelOverrides, LabelsProvider, type MeshcallLabels } from './labels.js';
import { ParticipantTile } from './participant-tile/ParticipantTile.js';
import { VideoCall } from './video-call/VideoCall.js';

afterEach(async () => {
  cleanup();
  await page.viewport(1280, 800);
});

const noop = () => undefined;

/** The box of `text` inside `element` (first occurrence), from a Range on its text node. */
function rectOf(element: Element, text: string): DOMRect {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent?.indexOf(text) ?? -1;
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      return range.getBoundingClientRect();
    }
  }
  throw new Error(`"${text}" not found`);
}

const r = (rect: DOMRect) => ({ left: Math.round(rect.left), right: Math.round(rect.right) });

function Rtl({ children, width = 640, height = 420 }: { children: ReactNode; width?: number; height?: number }) {
  return (
    <div dir="rtl" lang="ar" style={{ width, height, position: 'relative' }}>
      {children}
    </div>
  );
}

describe('right-to-left', () => {
  it('a tile’s connection badge sits at the inline start (top right in RTL)', () => {
    const view = render(
      <Rtl>
        <LabelsProvider labels={{ reconnecting: 'جارٍ إعادة الاتصال…' }}>
          <ParticipantTile name="سارة" connection="reconnecting" />
        </LabelsProvider>
      </Rtl>,
    );
    const tile = view.getByRole('group', { name: 'سارة' }).getBoundingClientRect();
    const badge = view.container.querySelector('.meshcall-tile__connection')!.getBoundingClientRect();
    const name = view.container.querySelector('.meshcall-tile__name')!.getBoundingClientRect();
    // The name chip follows the direction (flex row starts at the right) …
    expect({ nameAtRight: Math.round(tile.right - name.right) }).toEqual({ nameAtRight: 10 });
    // … the badge should too.
    expect({ badgeGapToRight: Math.round(tile.right - badge.right) }).toEqual({ badgeGapToRight: 10 });
  });

  it('the incoming dialog’s call-kind icon keeps its gap from the text in RTL', () => {
    const view = render(
      <Rtl>
        <IncomingCallDialog
          callerId="sara@example.test"
          callType="video"
          getDisplayName={() => 'سارة'}
          onAccept={noop}
          onReject={noop}
          labels={{ incomingCallTitle: (n) => `${n} تتصل`, incomingVideoCall: 'مكالمة فيديو واردة' }}
        />
      </Rtl>,
    );
    const kind = view.container.querySelector('.meshcall-incoming__kind')!;
    const icon = kind.querySelector('svg')!.getBoundingClientRect();
    const text = rectOf(kind, 'مكالمة فيديو واردة');
    // RTL: icon first = rightmost, the text to its left; the gap is icon.left - text.right.
    expect({ gap: Math.round(icon.left - text.right) }).toEqual({ gap: 6 });
  });

  it('the callees’ avatars on the Calling screen overlap in RTL as they do in LTR', () => {
    const screen = (dir: 'ltr' | 'rtl') => {
      const view = render(
        <div dir={dir} style={{ width: 640, height: 420 }}>
          <OutgoingCallScreen
            calleeIds={['a@x', 'b@x']}
            getDisplayName={(id) => (id === 'a@x' ? 'سارة' : 'علي')}
            callType="video"
            onCancel={noop}
            announce={false}
          />
        </div>,
      );
      const [first, second] = [...view.container.querySelectorAll('.meshcall-avatar')].map((a) =>
        a.getBoundingClientRect(),
      );
      cleanup();
      // Overlap between the two discs, whichever side the second is on.
      return Math.round(
        first!.width + second!.width - (Math.max(first!.right, second!.right) - Math.min(first!.left, second!.left)),
      );
    };
    expect({ ltr: screen('ltr'), rtl: screen('rtl') }).toEqual({ ltr: 14, rtl: 14 });
  });

  it('the Devices panel stays on screen in RTL (600 px wide window, full control bar)', async () => {
    await page.viewport(600, 700);
    const place = async (dir: 'ltr' | 'rtl') => {
      const view = render(
        <div dir={dir} style={{ width: 600, height: 600 }}>
          <CallLayout controls={<Bar />}>
            <div />
          </CallLayout>
        </div>,
      );
      await userEvent.setup().click(view.getByRole('button', { name: 'Devices' }));
      const panel = view.getByRole('group', { name: 'Devices' }).getBoundingClientRect();
      cleanup();
      return { left: Math.round(panel.left), right: Math.round(panel.right) };
    };
    const ltr = await place('ltr');
    const rtl = await place('rtl');
    expect({ ltr, rtl }).toEqual({
      ltr: { left: expect.toSatisfy((x: number) => x >= 0), right: expect.toSatisfy((x: number) => x <= 600) },
      rtl: { left: expect.toSatisfy((x: number) => x >= 0), right: expect.toSatisfy((x: number) => x <= 600) },
    });
  });

  it('in a 1:1 call in RTL, the picture-in-picture does not cover the other person’s name and mute badge', () => {
    const overlap = (dir: 'ltr' | 'rtl') => {
      const view = render(
        <div dir={dir} style={{ width: 640, height: 420 }}>
          <CallGrid local={<ParticipantTile name="Me" isLocal />}>
            <ParticipantTile key="b" name="Bob" audioMuted />
          </CallGrid>
        </div>,
      );
      const pip = view.container.querySelector('.meshcall-grid__pip')!.getBoundingClientRect();
      const muted = view
        .getByRole('group', { name: 'Bob' })
        .querySelector('.meshcall-tile__muted')!
        .getBoundingClientRect();
      cleanup();
      return muted.right > pip.left && muted.left < pip.right && muted.bottom > pip.top;
    };
    expect({ ltrCovered: overlap('ltr'), rtlCovered: overlap('rtl') }).toEqual({
      ltrCovered: false,
      rtlCovered: false,
    });
  });

  it('a list of right-to-left names in an English sentence keeps its order (names are isolated)', () => {
    const names: Record<string, string> = { 'c@x': 'Dana', 'm@x': 'محمد', 'a@x': 'علي', 'b@x': 'Bob' };
    const view = render(
      <IncomingCallDialog
        callerId="c@x"
        callType="audio"
        opponents={['c@x', 'm@x', 'a@x', 'b@x']}
        getDisplayName={(id) => names[id] ?? id}
        onAccept={noop}
        onReject={noop}
      />,
    );
    const group = view.container.querySelector('.meshcall-incoming__group');
    if (!group) throw new Error('no group line');
    // "Group call with محمد, علي and Bob": محمد comes first, so it is left of علي in a left-to-right line.
    expect(rectOf(group, 'محمد').left).toBeLessThan(rectOf(group, 'علي').left);
  });

  it('a list of Latin names in an Arabic translation keeps its order when the translation isolates them', () => {
    const names: Record<string, string> = { 'c@x': 'سارة', 'b@x': 'Bob Smith', 'k@x': 'Carol' };
    const view = render(
      <Rtl>
        <IncomingCallDialog
          callerId="c@x"
          callType="audio"
          opponents={['c@x', 'b@x', 'k@x']}
          getDisplayName={(id) => names[id] ?? id}
          onAccept={noop}
          onReject={noop}
          labels={{
            groupCallInfo: (count, others) => `مكالمة جماعية مع ${others.map(bidiIsolate).join('، ')} · ${count} أشخاص`,
          }}
        />
      </Rtl>,
    );
    const group = view.container.querySelector('.meshcall-incoming__group');
    if (!group) throw new Error('no group line');
    // The first name is the rightmost in a right-to-left line.
    expect(rectOf(group, 'Bob').left).toBeGreaterThan(rectOf(group, 'Carol').left);
  });

  it('a long Arabic name in an LTR tile is truncated at its end, not its beginning', () => {
    const name = 'عبدالرحمن بن محمد بن عبدالله آل الفلاني';
    const view = render(
      <div style={{ width: 220, height: 160 }}>
        <ParticipantTile name={name} />
      </div>,
    );
    const chip = view.container.querySelector('.meshcall-tile__name')!;
    const box = chip.getBoundingClientRect();
    const first = rectOf(chip, 'عبدالرحمن');
    expect({ firstWord: r(first), chip: r(box) }).toEqual({
      firstWord: {
        left: expect.toSatisfy((x: number) => x >= box.left),
        right: expect.toSatisfy((x: number) => x <= box.right),
      },
      chip: r(box),
    });
  });
});

const GERMAN: LabelOverrides = {
  mute: 'Stummschalten',
  cameraOff: 'Kamera ausschalten',
  switchCamera: 'Kamera wechseln',
  shareScreen: 'Bildschirm freigeben',
  deviceSettings: 'Geräte',
  hangUp: 'Anruf verlassen',
};

function Bar() {
  return (
    <CallControls>
      <MicButton muted={false} onToggle={noop} />
      <CameraButton muted={false} onToggle={noop} />
      <SwitchCameraButton cameraCount={2} onSwitch={noop} />
      <ScreenShareButton sharing={false} onToggle={noop} supported />
      <DeviceSettingsButton>
        <MediaDeviceSelect
          kind="audioinput"
          devices={[
            { deviceId: 'a', label: 'A' },
            { deviceId: 'b', label: 'B' },
          ]}
          value="a"
          onChange={noop}
        />
      </DeviceSettingsButton>
      <HangUpButton onHangUp={noop} />
    </CallControls>
  );
}

describe('long translations', () => {
  it('German tooltips of the first and last control stay inside a 360 px screen', async () => {
    await page.viewport(360, 640);
    const measure = async (labels: LabelOverrides) => {
      const view = render(
        <div style={{ width: 360, height: 600 }}>
          <LabelsProvider labels={labels}>
            <CallLayout controls={<Bar />}>
              <div />
            </CallLayout>
          </LabelsProvider>
        </div>,
      );
      await realInput.tab(); // keyboard focus: the first tooltip shows
      const labelsEls = [...view.container.querySelectorAll('.meshcall-control__label')];
      const first = labelsEls[0]!.getBoundingClientRect();
      const last = labelsEls[labelsEls.length - 1]!.getBoundingClientRect();
      cleanup();
      return { firstLeft: Math.round(first.left), lastRight: Math.round(last.right) };
    };
    const english = await measure({});
    const german = await measure(GERMAN);
    expect({ english, german }).toEqual({
      english: {
        firstLeft: expect.toSatisfy((x: number) => x >= 0),
        lastRight: expect.toSatisfy((x: number) => x <= 360),
      },
      german: {
        firstLeft: expect.toSatisfy((x: number) => x >= 0),
        lastRight: expect.toSatisfy((x: number) => x <= 360),
      },
    });
  });

  it('one’s own tile in the picture-in-picture, presenting, keeps the name readable with a German badge', () => {
    const measure = (labels: LabelOverrides) => {
      const view = render(
        <div style={{ width: 640, height: 420 }}>
          <LabelsProvider labels={labels}>
            <CallGrid local={<ParticipantTile name="Alexandra" isLocal screenSharing />}>
              <ParticipantTile key="b" name="Bob" />
            </CallGrid>
          </LabelsProvider>
        </div>,
      );
      const pip = view.container.querySelector('.meshcall-grid__pip')!.getBoundingClientRect();
      const presenting = view.container
        .querySelector('.meshcall-grid__pip .meshcall-tile__presenting')!
        .getBoundingClientRect();
      const name = view.container.querySelector('.meshcall-grid__pip .meshcall-tile__name')!.getBoundingClientRect();
      cleanup();
      return { nameWidth: Math.round(name.width), presentingOverflow: Math.round(presenting.right - pip.right) };
    };
    const english = measure({});
    const german = measure({ youArePresenting: 'Du teilst deinen Bildschirm', youSuffix: (n) => `${n} (du)` });
    expect({ english, german }).toEqual({
      english: {
        nameWidth: expect.toSatisfy((w: number) => w >= 40),
        presentingOverflow: expect.toSatisfy((o: number) => o <= 0),
      },
      german: {
        nameWidth: expect.toSatisfy((w: number) => w >= 40),
        presentingOverflow: expect.toSatisfy((o: number) => o <= 0),
      },
    });
  });

  it('a long compound word in a dialog action label stays inside its button', () => {
    const view = render(
      <IncomingCallDialog
        callerId="a@x"
        callType="video"
        onAccept={noop}
        onAcceptWithoutVideo={noop}
        onReject={noop}
        labels={{ acceptWithoutVideo: 'Ohne Kameraübertragung annehmen' }}
      />,
    );
    const label = [...view.container.querySelectorAll('.meshcall-action__label')].find((l) =>
      l.textContent?.includes('Kamera'),
    )!;
    // Layout sizes (offsetWidth), not the box on screen: the dialog opens with a small zoom animation.
    const button = label.closest('button')!;
    expect(label.scrollWidth).toBeLessThanOrEqual(button.offsetWidth);
  });
});

describe('names and labels API', () => {
  it('initials of a name that starts with an emoji or a non-BMP character are whole characters', () => {
    const lone = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u.test(s);
    expect({ fox: lone(initialsOf('🦊 Fox')), yoshi: lone(initialsOf('𠮷野 家')) }).toEqual({
      fox: false,
      yoshi: false,
    });
  });
});

// ---------------- the whole <VideoCall> in Arabic ----------------

const ARABIC: MeshcallLabels = {
  tapToPlay: 'انقر للتشغيل',
  enableAudio: 'تشغيل صوت المكالمة',
  incomingCallTitle: (n) => `${n} يتصل`,
  incomingAudioCall: 'مكالمة صوتية واردة',
  incomingVideoCall: 'مكالمة فيديو واردة',
  groupCallInfo: (count, others) => `مكالمة جماعية مع ${others.join('، ')} · ${count}`,
  accept: 'قبول',
  acceptWithoutVideo: 'قبول بدون فيديو',
  endAndAccept: 'إنهاء المكالمة والقبول',
  endAndAcceptWithoutVideo: 'إنهاء المكالمة والقبول بدون فيديو',
  reject: 'رفض',
  callControls: 'أدوات التحكم في المكالمة',
  mute: 'كتم الصوت',
  cameraOff: 'إيقاف الكاميرا',
  switchCamera: 'تبديل الكاميرا',
  shareScreen: 'مشاركة الشاشة',
  hangUp: 'مغادرة المكالمة',
  deviceSettings: 'الأجهزة',
  microphone: 'الميكروفون',
  camera: 'الكاميرا',
  speaker: 'مكبر الصوت',
  systemDefault: 'افتراضي النظام',
  unnamedDevice: (select, n) => `${select} ${n}`,
  youSuffix: (n) => `${n} (أنت)`,
  microphoneMuted: 'الميكروفون مكتوم',
  deviceUnavailable: 'الكاميرا أو الميكروفون غير متاح. تحقق من توصيله والسماح به.',
  deviceSwitched: 'تم تبديل الكاميرا أو الميكروفون إلى جهاز آخر.',
  speakerSwitched: 'مكبر الصوت غير متاح. يُشغَّل صوت المكالمة الآن على افتراضي النظام.',
  screenShareFailed: 'تعذّرت مشاركة شاشتك. حاول مرة أخرى، أو اختر شاشة أو نافذة أخرى.',
  cameraIsOff: 'الكاميرا متوقفة',
  presenting: 'يعرض الشاشة',
  youArePresenting: 'أنت تعرض الشاشة',
  ringing: 'يرن…',
  connecting: 'جارٍ الاتصال…',
  reconnecting: 'جارٍ إعادة الاتصال…',
  poorConnection: 'اتصال ضعيف',
  connectionFailed: 'فشل الاتصال',
  participants: 'المشاركون',
  pinParticipant: (n) => `تثبيت ${n}`,
  participantJoined: (n) => `انضم ${n} إلى المكالمة.`,
  participantLeft: (n) => `غادر ${n} المكالمة.`,
  participantNoAnswer: (n) => `لم يرد ${n}.`,
  participantReconnecting: (n) => `جارٍ إعادة الاتصال بـ ${n}…`,
  participantReconnected: (n) => `أعيد الاتصال بـ ${n}.`,
  participantLost: (n) => `انقطع الاتصال بـ ${n}.`,
  participantCouldNotConnect: (n) => `تعذر الاتصال بـ ${n}.`,
  participantPoorConnection: (n) => `اتصال ضعيف بـ ${n}.`,
  participantPresenting: (n) => `${n} يعرض شاشته.`,
  participantStoppedPresenting: (n) => `توقف ${n} عن عرض شاشته.`,
  callTitle: (names) => names.join('، '),
  callingTitle: (names) => `جارٍ الاتصال بـ ${names.join('، ')}…`,
  outgoingAudioCall: 'مكالمة صوتية',
  outgoingVideoCall: 'مكالمة فيديو',
  cancel: 'إلغاء',
  reconnectingTitle: 'جارٍ إعادة الاتصال…',
  reconnectingDescription: 'انقطع الاتصال. نحاول استعادته.',
  callEnded: 'انتهت المكالمة',
  callNotConnected: 'لم تتم المكالمة',
  missedCall: 'مكالمة فائتة',
  mediaErrorTitle: 'تعذر استخدام الكاميرا أو الميكروفون',
  endReasons: {
    hungUp: 'غادرت المكالمة.',
    rejected: 'رفضت المكالمة.',
    remoteEnded: 'غادر الجميع المكالمة.',
    notAnswered: 'لا رد.',
    noAction: 'فاتتك هذه المكالمة.',
    cancelled: 'أنهى المتصل المكالمة.',
    answeredElsewhere: 'تم الرد على جهاز آخر.',
    rejectedElsewhere: 'تم الرفض على جهاز آخر.',
    busy: 'كنت مشغولاً في مكالمة أخرى.',
    glare: 'اتصلتما ببعضكما في الوقت نفسه.',
    mediaError: 'تم حظر الوصول أو الجهاز قيد الاستخدام.',
    connectionLost: 'انقطع الاتصال.',
    destroyed: 'أغلقت المكالمة.',
  },
  callCouldNotConnect: 'تعذر إجراء الاتصال.',
  youCancelledCall: 'ألغيت المكالمة.',
  mediaErrorNoDevice: 'لم يتم العثور على كاميرا أو ميكروفون.',
  mediaErrorDeviceBusy: 'تطبيق آخر يستخدم الكاميرا أو الميكروفون.',
  callDeclined: (names) => `رفض ${names.join('، ')} المكالمة.`,
  callBusy: (names) => `${names.join('، ')} في مكالمة أخرى.`,
  callCouldNotAnswer: (names) => `تعذر على ${names.join('، ')} الانضمام.`,
  callUnreachable: (names) => `تعذر الوصول إلى ${names.join('، ')}.`,
  callerHungUpBeforeAnswer: (name) => `أنهى ${name} المكالمة قبل أن ترد.`,
  missedCallFrom: (name) => `فاتتك مكالمة من ${name}.`,
  callDuration: (f) => `المدة ${f}`,
  duration: (ms) => formatDuration(ms).replace(/\d/g, (digit) => '٠١٢٣٤٥٦٧٨٩'[Number(digit)] ?? digit),
  close: 'إغلاق',
  callAgain: 'معاودة الاتصال',
};

const NAMES: Record<string, string> = { 'alice@example.test': 'أليس', 'bob@example.test': 'بوب' };
const arabicName = (id: UserId) => NAMES[id] ?? id;

/**
 * Every visible text, aria-label and title in `root`, with any Latin word in it. An address (the caller's, under
 * the name) is data, not English.
 */
function latinIn(root: Element): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    if (/[A-Za-z]{2,}/.test(text) && !(text in NAMES)) found.push(`text: ${text}`);
  }
  for (const el of root.querySelectorAll('[aria-label],[title]')) {
    for (const attr of ['aria-label', 'title']) {
      const value = el.getAttribute(attr);
      if (value && /[A-Za-z]{2,}/.test(value)) found.push(`${attr}: ${value}`);
    }
  }
  return found;
}

describe('<VideoCall> in Arabic, right to left', () => {
  const streams: SyntheticStream[] = [];
  const clients: CallClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.destroy();
    for (const s of streams.splice(0)) s.stop();
  });

  it('says nothing in English, and follows pipPosition on the Calling screen too', async () => {
    const network = new MemoryNetwork({ latencyMs: 2 });
    const alice = new CallClient({ transport: network.createTransport('alice@example.test') });
    const bob = new CallClient({ transport: network.createTransport('bob@example.test') });
    clients.push(alice, bob);
    const stream = () => {
      const s = createSyntheticStream({ label: 'x', video: true, volume: 0.01 });
      streams.push(s);
      return s.stream;
    };
    const mount = (client: CallClient) => {
      const { container } = render(
        <div dir="rtl" lang="ar" style={{ width: 640, height: 420 }} data-user={client.localUser}>
          <CallProvider client={client}>
            <VideoCall
              labels={ARABIC}
              getDisplayName={arabicName}
              pipPosition="bottom-left"
              getLocalStream={() => stream()}
            />
          </CallProvider>
        </div>,
      );
      const box = container.querySelector<HTMLElement>(`[data-user="${client.localUser}"]`)!;
      return Object.assign(within(box), { box });
    };
    const aliceView = mount(alice);
    const bobView = mount(bob);
    const call = alice.createSession(['bob@example.test'], 'video');
    await call.start({}, { stream: stream() });
    await expect.poll(() => aliceView.queryByRole('heading', { name: 'جارٍ الاتصال بـ بوب…' })).not.toBeNull();

    // Calling screen: the app asked for the picture-in-picture in the bottom-left corner.
    const preview = aliceView.box.querySelector('.meshcall-video-call__preview')!.getBoundingClientRect();
    const stage = aliceView.box.getBoundingClientRect();
    const callingPreviewSide = preview.left - stage.left < stage.right - preview.right ? 'left' : 'right';

    const dialog = await bobView.findByRole('alertdialog', { name: 'أليس يتصل' }, { timeout: 10_000 });
    const dialogLatin = latinIn(dialog);
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'قبول' }));
    const timer = await bobView.findByRole('timer', {}, { timeout: 15_000 });
    await expect.poll(() => bobView.queryByRole('group', { name: 'أليس' }), { timeout: 15_000 }).not.toBeNull();
    const pip = bobView.box.querySelector('.meshcall-grid__pip')!.getBoundingClientRect();
    const livePipSide = pip.left - stage.left < stage.right - pip.right ? 'left' : 'right';
    const callLatin = latinIn(bobView.box.parentElement!);
    const timerText = timer.textContent;

    expect({ callingPreviewSide, livePipSide, dialogLatin, callLatin, timerText }).toEqual({
      callingPreviewSide: 'left',
      livePipSide: 'left',
      dialogLatin: [],
      callLatin: [],
      // The running time in the translation's digits.
      timerText: expect.stringMatching(/^[٠-٩]+:[٠-٩]{2}$/),
    });
  });
});
