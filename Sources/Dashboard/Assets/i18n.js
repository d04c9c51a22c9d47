// Interface strings in Simplified Chinese (the default) and English, and the helpers that apply them.
// Static markup names its strings with data attributes:
//   data-i18n="key"                   -> element.textContent
//   data-i18n-attr="attr:key;attr:key" -> element.setAttribute(attr, text)

export const LANGUAGES = ['zh-CN', 'en'];
export const DEFAULT_LANGUAGE = 'zh-CN';

const STRINGS = {
  'zh-CN': {
    'page.title': 'CityHub 城市运行中枢',
    'app.title': 'CityHub 城市运行中枢',
    'skip.main': '跳到主要内容',
    'controls.label': '显示设置',
    'lang.label': '界面语言',
    'largeType': '大字号',
    'user.label': '当前用户',
    'user.role': '（{role}）',
    'logout': '退出登录',

    'login.heading': '请登录',
    'login.intro': '请使用您的工作账号登录城市运行中枢。',
    'login.username': '用户名',
    'login.password': '密码',
    'login.submit': '登录',
    'login.busy': '正在登录…',
    'login.required': '请填写用户名和密码。',
    'login.failed': '登录失败，请核对用户名和密码后重试。',
    'login.network': '无法连接服务器，请检查网络后重试。',
    'login.expired': '登录已过期，请重新登录。',

    'dashboard.heading': '辖区总览',
    'status.loading': '正在加载地图数据，请稍候…',
    'status.counts': '本区共有 {streets} 个街道、{communities} 个社区、{grids} 个单元网格。',
    'status.drawn': '地图上已显示 {grids} 个网格。',

    'map.label': '辖区地图：可用方向键移动，加号、减号键缩放',
    'map.loadFailed': '地图数据加载失败：{detail}',
    'map.retry': '重新加载',
    'map.leafletMissing': '地图组件未安装：请在服务器上执行 sudo apt-get install libjs-leaflet，或在配置中设置 leaflet.path',

    'layers.heading': '图层',
    'layers.grids': '单元网格',
    'layers.streets': '街道名称',
    'layers.rivers': '河流水系',
    'layers.roads': '道路',

    'legend.heading': '图例：各街道颜色',
    'legend.gridCount': '{grids} 个网格',
    'legend.empty': '暂无街道数据。',

    'popup.grid': '网格编码',
    'popup.street': '所属街道',
    'popup.community': '所属社区',
    'popup.area': '面积',
    'popup.areaValue': '{value} 平方米',
    'popup.river': '河流',
    'popup.road': '道路',
    'unnamed': '（未命名）',

    'role.admin': '系统管理员',
    'role.dispatcher': '调度员',
    'role.inspector': '巡查员',
    'role.department_operator': '部门处置员',
    'role.department_head': '部门负责人',
    'role.auditor': '审计员',
    'role.viewer': '观察员',
  },
  en: {
    'page.title': 'CityHub city operations hub',
    'app.title': 'CityHub city operations hub',
    'skip.main': 'Skip to main content',
    'controls.label': 'Display settings',
    'lang.label': 'Interface language',
    'largeType': 'Large text',
    'user.label': 'Signed in as',
    'user.role': '({role})',
    'logout': 'Sign out',

    'login.heading': 'Sign in',
    'login.intro': 'Sign in to the city operations hub with your work account.',
    'login.username': 'User name',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.busy': 'Signing in…',
    'login.required': 'Please enter your user name and password.',
    'login.failed': 'Sign-in failed. Please check your user name and password and try again.',
    'login.network': 'Cannot reach the server. Please check the network and try again.',
    'login.expired': 'Your session has ended. Please sign in again.',

    'dashboard.heading': 'District overview',
    'status.loading': 'Loading map data, please wait…',
    'status.counts': 'The district has {streets} streets, {communities} communities and {grids} unit grids.',
    'status.drawn': '{grids} grids are shown on the map.',

    'map.label': 'District map: move with the arrow keys, zoom with the plus and minus keys',
    'map.loadFailed': 'Could not load the map data: {detail}',
    'map.retry': 'Load again',
    'map.leafletMissing': "Map library missing: install Debian's libjs-leaflet (sudo apt-get install libjs-leaflet) or set leaflet.path in the configuration",

    'layers.heading': 'Layers',
    'layers.grids': 'Unit grids',
    'layers.streets': 'Street names',
    'layers.rivers': 'Rivers',
    'layers.roads': 'Roads',

    'legend.heading': 'Legend: street colours',
    'legend.gridCount': '{grids} grids',
    'legend.empty': 'No street data yet.',

    'popup.grid': 'Grid code',
    'popup.street': 'Street',
    'popup.community': 'Community',
    'popup.area': 'Area',
    'popup.areaValue': '{value} m²',
    'popup.river': 'River',
    'popup.road': 'Road',
    'unnamed': '(unnamed)',

    'role.admin': 'Administrator',
    'role.dispatcher': 'Dispatcher',
    'role.inspector': 'Inspector',
    'role.department_operator': 'Department operator',
    'role.department_head': 'Department head',
    'role.auditor': 'Auditor',
    'role.viewer': 'Viewer',
  },
};

let current = DEFAULT_LANGUAGE;

/** The language in use: "zh-CN" or "en". */
export function currentLanguage() {
  return current;
}

/** Switches the language used by `t`; unknown values fall back to the default. */
export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : DEFAULT_LANGUAGE;
  return current;
}

/** The string for `key` in `lang` (default: the current language), with `{name}` placeholders filled. */
export function t(key, params = {}, lang = current) {
  const table = STRINGS[lang] || STRINGS[DEFAULT_LANGUAGE];
  const template = table[key] ?? STRINGS[DEFAULT_LANGUAGE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** A translated role name; an unknown role is shown as sent by the server. */
export function roleName(role) {
  const key = `role.${role}`;
  return key in STRINGS[current] ? t(key) : String(role ?? '');
}

/** Picks the English or Chinese variant of a name sent by the server, falling back to whichever exists. */
export function localName(zh, en) {
  const preferred = current === 'en' ? en : zh;
  const other = current === 'en' ? zh : en;
  return preferred || other || t('unnamed');
}

/** Formats a whole number with the current language's grouping. */
export function formatNumber(value) {
  const number = Number(value);
  if (!Number.isFinite(number)) return '—';
  return new Intl.NumberFormat(current).format(number);
}

/** Fills every element under `root` that carries data-i18n / data-i18n-attr with the current language. */
export function applyStaticText(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key) element.setAttribute(attribute, t(key));
    }
  }
}
