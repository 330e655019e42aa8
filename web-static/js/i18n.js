// Turkish and English strings, and the machinery that keeps the page in the chosen language.
//
// - The language is the one stored in localStorage ("fuar.lang"), else Turkish when
//   navigator.language starts with "tr", else English. setLang() stores it, sets <html lang> and
//   re-renders every node bound with bind()/tx(), so switching keeps the page, its focus and its
//   live connection.
// - Every visible string, aria-label included, comes from STRINGS; both languages have the same keys
//   (checked at load time in the console).

export const LANGS = ["tr", "en"];
const STORAGE_KEY = "fuar.lang";

export const STRINGS = {
  en: {
    "app.name": "fuar",
    "app.tagline": "Open-source virtual job fairs",
    "skip": "Skip to main content",
    "nav.label": "Main",
    "nav.fairs": "Fairs",
    "nav.login": "Log in",
    "nav.register": "Register",
    "nav.logout": "Log out",
    "nav.signedInAs": "Signed in as {name}",
    "lang.label": "Language",
    "lang.tr": "TR, Türkçe",
    "lang.en": "EN, English",
    "conn.label": "Connection",
    "conn.idle": "Not connected",
    "conn.connecting": "Connecting…",
    "conn.online": "Online",
    "conn.reconnecting": "Reconnecting",
    "conn.reconnectingNoNetwork": "No network, reconnecting",
    "conn.inSeconds": " in {n} s",
    "conn.offline": "Offline",
    "conn.unauthenticated": "Signed out",
    "conn.banned": "Blocked by the organiser: {reason}",
    "conn.closed": "Not connected",
    "conn.retryNow": "Reconnect now",
    "footer.text": "fuar: virtual job fairs. Live chat works on slow connections and reconnects by itself.",
    "loading": "Loading…",
    "error.network": "Network error. Check your connection and try again.",
    "error.rateLimited.one": "Too many attempts. Try again in {n} second.",
    "error.rateLimited.other": "Too many attempts. Try again in {n} seconds.",
    "error.rateLimitedMinutes.one": "Too many attempts. Try again in {n} minute.",
    "error.rateLimitedMinutes.other": "Too many attempts. Try again in {n} minutes.",
    "error.unavailable": "The service is busy. Please try again shortly.",
    "error.notFound": "This page does not exist or is not available.",
    "error.generic": "Something went wrong ({code}). Please try again.",
    "error.load": "Could not load this page: {message}",
    "error.retry": "Try again",
    "landing.title": "Virtual job fairs",
    "landing.intro": "Visit employer booths, chat with recruiters and find a job online.",
    "landing.empty": "There are no fairs yet.",
    "landing.listLabel": "Fairs",
    "fair.theme": "Theme",
    "fair.when": "When",
    "fair.yourTime": "Your time",
    "fair.status": "Status",
    "fair.demo": "Demo",
    "fair.enter": "Enter {title}",
    "theme.youth": "Youth",
    "theme.neet": "Young people not in education or employment",
    "theme.women": "Women",
    "theme.disability": "Barrier-free: people with disabilities",
    "theme.roma": "Roma youth",
    "theme.rural": "Rural areas",
    "theme.twin_transition": "Green and digital jobs",
    "theme.general": "General",
    "status.draft": "Draft",
    "status.scheduled": "Upcoming",
    "status.upcoming": "Upcoming",
    "status.live": "Open now",
    "status.published": "Upcoming",
    "status.open": "Open now",
    "status.ended": "Ended",
    "status.closed": "Ended",
    "status.archived": "Archived",
    "login.title": "Log in",
    "login.email": "Email",
    "login.password": "Password",
    "login.submit": "Log in",
    "login.noAccount": "No account yet?",
    "login.registerLink": "Create an account",
    "login.wrong": "The email or the password is wrong.",
    "login.needed": "Please log in to continue.",
    "login.sessionEnded": "Your session has ended. Please log in again.",
    "login.welcome": "Welcome, {name}.",
    "register.title": "Create an account",
    "register.name": "Full name",
    "register.passwordHint": "8 to 128 characters.",
    "register.submit": "Create account",
    "register.haveAccount": "Already registered?",
    "register.loginLink": "Log in",
    "register.taken": "An account with this email already exists.",
    "form.fixFields": "Please correct the marked fields.",
    "form.wait": "Please wait…",
    "field.email.invalid": "Enter an email address such as name@example.org.",
    "field.password.invalid": "The password must be 8 to 128 characters.",
    "field.name.invalid": "Enter your name (1 to 100 characters).",
    "logout.done": "You have logged out.",
    "lobby.online.one": "{n} person online now",
    "lobby.online.other": "{n} people online now",
    "lobby.booths": "Booths",
    "lobby.filter": "Filter booths by name, sector or city",
    "lobby.noBooths": "No booths yet.",
    "lobby.shown": "{shown} of {total} booths shown",
    "lobby.back": "All fairs",
    "lobby.hall": "Browse booths and jobs",
    "lobby.register": "Register for this fair",
    "lobby.manage": "Manage this fair",
    "lobby.registrations": "Registrations",
    "lobby.report": "Report",
    "lobby.downloads": "CV downloads",
    "lobby.liveUnavailable": "Live count unavailable: {message}",
    "booth.sector": "Sector",
    "booth.city": "City",
    "booth.visitors.one": "{n} visitor here now",
    "booth.visitors.other": "{n} visitors here now",
    "booth.backToFair": "Back to the fair: {fair}",
    "booth.breadcrumb": "Breadcrumb",
    "chat.title": "Public chat",
    "chat.hint": "Everyone visiting this booth can read these messages.",
    "chat.log": "Chat messages",
    "chat.loadOlder": "Load older messages",
    "chat.beginning": "This is the beginning of the chat.",
    "chat.empty": "No messages yet. Say hello!",
    "chat.inputLabel": "Your message",
    "chat.sendButton": "Send",
    "chat.sending": "Sending…",
    "chat.you": "{name} (you)",
    "chat.textInvalid": "Write 1 to 2000 characters.",
    "chat.failed": "Not sent: {message}",
    "chat.olderLoaded.one": "{n} older message loaded.",
    "chat.olderLoaded.other": "{n} older messages loaded.",
    "chat.reloaded": "Connection restored. The chat was reloaded.",
    "chat.loadFailed": "Could not load the chat: {message}",
    "chat.connLost": "Connection lost. Reconnecting… You can keep typing.",
    "chat.connDown": "Not connected: new messages will not appear.",
    "role.employer": "Recruiter",
    "role.jobseeker": "Jobseeker",
    "role.organiser": "Organiser",
    "notFound.title": "Page not found",
    "notFound.home": "Go to the fair list",
  },
  tr: {
    "app.name": "fuar",
    "app.tagline": "Açık kaynak sanal istihdam fuarları",
    "skip": "Ana içeriğe geç",
    "nav.label": "Ana menü",
    "nav.fairs": "Fuarlar",
    "nav.login": "Giriş yap",
    "nav.register": "Kayıt ol",
    "nav.logout": "Çıkış yap",
    "nav.signedInAs": "Oturum: {name}",
    "lang.label": "Dil",
    "lang.tr": "TR, Türkçe",
    "lang.en": "EN, English",
    "conn.label": "Bağlantı",
    "conn.idle": "Bağlı değil",
    "conn.connecting": "Bağlanıyor…",
    "conn.online": "Çevrimiçi",
    "conn.reconnecting": "Yeniden bağlanıyor",
    "conn.reconnectingNoNetwork": "Ağ yok, yeniden bağlanıyor",
    "conn.inSeconds": " ({n} sn)",
    "conn.offline": "Çevrimdışı",
    "conn.unauthenticated": "Oturum kapandı",
    "conn.banned": "Organizatör tarafından engellendi: {reason}",
    "conn.closed": "Bağlı değil",
    "conn.retryNow": "Şimdi bağlan",
    "footer.text": "fuar: sanal istihdam fuarları. Canlı sohbet yavaş bağlantılarda da çalışır ve kendiliğinden yeniden bağlanır.",
    "loading": "Yükleniyor…",
    "error.network": "Ağ hatası. Bağlantınızı kontrol edip yeniden deneyin.",
    "error.rateLimited.one": "Çok fazla deneme yapıldı. {n} saniye sonra yeniden deneyin.",
    "error.rateLimited.other": "Çok fazla deneme yapıldı. {n} saniye sonra yeniden deneyin.",
    "error.rateLimitedMinutes.one": "Çok fazla deneme yapıldı. {n} dakika sonra yeniden deneyin.",
    "error.rateLimitedMinutes.other": "Çok fazla deneme yapıldı. {n} dakika sonra yeniden deneyin.",
    "error.unavailable": "Hizmet şu an yoğun. Lütfen biraz sonra yeniden deneyin.",
    "error.notFound": "Bu sayfa yok ya da erişilemiyor.",
    "error.generic": "Bir sorun oluştu ({code}). Lütfen yeniden deneyin.",
    "error.load": "Sayfa yüklenemedi: {message}",
    "error.retry": "Yeniden dene",
    "landing.title": "Sanal istihdam fuarları",
    "landing.intro": "İşveren standlarını ziyaret edin, işe alım uzmanlarıyla yazışın, çevrimiçi iş bulun.",
    "landing.empty": "Henüz fuar yok.",
    "landing.listLabel": "Fuarlar",
    "fair.theme": "Tema",
    "fair.when": "Tarih",
    "fair.yourTime": "Sizin saatinizle",
    "fair.status": "Durum",
    "fair.demo": "Demo",
    "fair.enter": "{title} fuarına gir",
    "theme.youth": "Gençler",
    "theme.neet": "Ne eğitimde ne istihdamda olan gençler",
    "theme.women": "Kadınlar",
    "theme.disability": "Engelsiz: engelli bireyler",
    "theme.roma": "Roman gençler",
    "theme.rural": "Kırsal bölgeler",
    "theme.twin_transition": "Yeşil ve dijital meslekler",
    "theme.general": "Genel",
    "status.draft": "Taslak",
    "status.scheduled": "Yakında",
    "status.upcoming": "Yakında",
    "status.live": "Şu an açık",
    "status.published": "Yakında",
    "status.open": "Şu an açık",
    "status.ended": "Sona erdi",
    "status.closed": "Sona erdi",
    "status.archived": "Arşivlendi",
    "login.title": "Giriş yap",
    "login.email": "E-posta",
    "login.password": "Parola",
    "login.submit": "Giriş yap",
    "login.noAccount": "Hesabınız yok mu?",
    "login.registerLink": "Hesap oluşturun",
    "login.wrong": "E-posta ya da parola hatalı.",
    "login.needed": "Devam etmek için giriş yapın.",
    "login.sessionEnded": "Oturumunuz sona erdi. Lütfen yeniden giriş yapın.",
    "login.welcome": "Hoş geldiniz, {name}.",
    "register.title": "Hesap oluşturun",
    "register.name": "Ad soyad",
    "register.passwordHint": "8 ile 128 karakter arası.",
    "register.submit": "Hesap oluştur",
    "register.haveAccount": "Zaten kayıtlı mısınız?",
    "register.loginLink": "Giriş yapın",
    "register.taken": "Bu e-posta adresiyle kayıtlı bir hesap zaten var.",
    "form.fixFields": "Lütfen işaretli alanları düzeltin.",
    "form.wait": "Lütfen bekleyin…",
    "field.email.invalid": "ad@ornek.org gibi bir e-posta adresi girin.",
    "field.password.invalid": "Parola 8 ile 128 karakter arası olmalı.",
    "field.name.invalid": "Adınızı girin (1 ile 100 karakter arası).",
    "logout.done": "Çıkış yaptınız.",
    "lobby.online.one": "Şu an {n} kişi çevrimiçi",
    "lobby.online.other": "Şu an {n} kişi çevrimiçi",
    "lobby.booths": "Standlar",
    "lobby.filter": "Standları ada, sektöre ya da şehre göre süzün",
    "lobby.noBooths": "Henüz stand yok.",
    "lobby.shown": "{total} standdan {shown} tanesi gösteriliyor",
    "lobby.back": "Tüm fuarlar",
    "lobby.hall": "Standları ve ilanları gez",
    "lobby.register": "Bu fuara kaydol",
    "lobby.manage": "Fuarı yönet",
    "lobby.registrations": "Kayıtlar",
    "lobby.report": "Rapor",
    "lobby.downloads": "CV indirmeleri",
    "lobby.liveUnavailable": "Canlı sayı alınamıyor: {message}",
    "booth.sector": "Sektör",
    "booth.city": "Şehir",
    "booth.visitors.one": "Şu an standda {n} ziyaretçi var",
    "booth.visitors.other": "Şu an standda {n} ziyaretçi var",
    "booth.backToFair": "Fuara dön: {fair}",
    "booth.breadcrumb": "Sayfa yolu",
    "chat.title": "Herkese açık sohbet",
    "chat.hint": "Bu standı ziyaret eden herkes bu mesajları okuyabilir.",
    "chat.log": "Sohbet mesajları",
    "chat.loadOlder": "Daha eski mesajları yükle",
    "chat.beginning": "Sohbetin başı.",
    "chat.empty": "Henüz mesaj yok. İlk mesajı siz yazın!",
    "chat.inputLabel": "Mesajınız",
    "chat.sendButton": "Gönder",
    "chat.sending": "Gönderiliyor…",
    "chat.you": "{name} (siz)",
    "chat.textInvalid": "1 ile 2000 karakter arası yazın.",
    "chat.failed": "Gönderilemedi: {message}",
    "chat.olderLoaded.one": "{n} eski mesaj yüklendi.",
    "chat.olderLoaded.other": "{n} eski mesaj yüklendi.",
    "chat.reloaded": "Bağlantı yeniden kuruldu. Sohbet yenilendi.",
    "chat.loadFailed": "Sohbet yüklenemedi: {message}",
    "chat.connLost": "Bağlantı koptu. Yeniden bağlanılıyor… Yazmaya devam edebilirsiniz.",
    "chat.connDown": "Bağlı değil: yeni mesajlar görünmeyecek.",
    "role.employer": "İşveren",
    "role.jobseeker": "İş arayan",
    "role.organiser": "Organizatör",
    "notFound.title": "Sayfa bulunamadı",
    "notFound.home": "Fuar listesine git",
  },
};

function initialLang() {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (LANGS.includes(stored)) return stored;
  } catch {
    /* storage blocked: fall through */
  }
  const nav = (globalThis.navigator?.language || "").toLowerCase();
  return nav.startsWith("tr") ? "tr" : "en";
}

let lang = initialLang();
const listeners = new Set();

export function getLang() {
  return lang;
}

/** The string for `key` in the current language with {placeholders} filled in. */
export function t(key, params = {}) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key];
  if (s === undefined) {
    console.warn(`i18n: missing key ${key}`);
    return key;
  }
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** t() for a count: picks `${key}.one` or `${key}.other` by the language's plural rules and
 *  fills {n} with the formatted number. */
export function tn(key, n, params = {}) {
  const form = new Intl.PluralRules(lang).select(n);
  const k = `${key}.${form}` in STRINGS[lang] ? `${key}.${form}` : `${key}.other`;
  return t(k, { ...params, n: formatNumber(n) });
}

/** Adds a capability's strings ({en: {...}, tr: {...}}, same keys in both); called by view
 *  modules at load time so each capability keeps its strings beside its pages. A key that is
 *  already defined is a mistake and is reported. */
export function addStrings(more) {
  for (const l of LANGS) {
    for (const [k, v] of Object.entries(more[l] ?? {})) {
      if (k in STRINGS[l]) console.warn(`i18n: ${k} defined twice`);
      STRINGS[l][k] = v;
    }
  }
  for (const k of Object.keys(more.en ?? {})) if (!(k in (more.tr ?? {}))) console.warn(`i18n: tr lacks ${k}`);
  for (const k of Object.keys(more.tr ?? {})) if (!(k in (more.en ?? {}))) console.warn(`i18n: en lacks ${k}`);
}

/** t() when the key exists, else `fallback` (for server values such as themes we may not know). */
export function tOr(key, fallback) {
  return key in STRINGS[lang] ? t(key) : fallback;
}

/** Picks a {tr, en} object's text for the current language; says which language it is in. */
export function localized(value) {
  if (value == null) return { text: "", lang };
  if (typeof value === "string") return { text: value, lang: null };
  for (const l of [lang, ...LANGS]) if (value[l]) return { text: value[l], lang: l };
  return { text: "", lang };
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

export function setLang(next) {
  if (!LANGS.includes(next) || next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* not remembered, still switched */
  }
  document.documentElement.lang = next;
  for (const ref of [...bound]) {
    const node = ref.deref();
    if (!node) bound.delete(ref);
    else renderers.get(node)?.forEach((fn) => fn(node));
  }
  listeners.forEach((fn) => fn(next));
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Bound nodes are held weakly: a node dropped from the page is forgotten with it.
const bound = new Set();
const renderers = new WeakMap();

/** Runs render(node) now and after every language change; returns a function that re-runs it
 *  (call it when the data behind the text changes). */
export function bind(node, render) {
  if (!renderers.has(node)) {
    renderers.set(node, []);
    bound.add(new WeakRef(node));
  }
  renderers.get(node).push(render);
  render(node);
  return () => render(node);
}

/** A text node showing t(key, params), kept in the current language. */
export function tx(key, params) {
  const node = document.createTextNode("");
  bind(node, (n) => (n.data = t(key, typeof params === "function" ? params() : params)));
  return node;
}

/** Sets attribute `attr` of `el` to t(key, params), kept in the current language. */
export function tattr(el, attr, key, params) {
  bind(el, (e) => e.setAttribute(attr, t(key, typeof params === "function" ? params() : params)));
  return el;
}

// Both languages must have the same keys.
for (const l of LANGS) {
  for (const k of Object.keys(STRINGS.en)) if (!(k in STRINGS[l])) console.warn(`i18n: ${l} lacks ${k}`);
  for (const k of Object.keys(STRINGS[l])) if (!(k in STRINGS.en)) console.warn(`i18n: en lacks ${k}`);
}
