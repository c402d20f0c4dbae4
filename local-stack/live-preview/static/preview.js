/* global document, window, location, DOMParser */
// The preview page: one iframe per phone (so each phone's WXSS and the page's own styles never meet), redrawn
// from the frames its host pushes, and the visitor's gestures sent back as Host.* actions.
'use strict'

// Fields and scroll positions the visitor changed win over frames until the host has answered the action
// that carries the change: a frame the page receives before that answer was made before the host saw it
// (frames and answers come in order on one socket), however long a busy machine took.
const SCROLL_SEND_DELAY_MS = 80

const FIELD_CSS = `
.live-field { all: unset; display: block; box-sizing: border-box; width: 100%; height: 100%; min-height: 1.4em;
  font: inherit; color: inherit; text-align: inherit; line-height: inherit; white-space: pre-wrap; }
.live-field::placeholder { color: #808080; }`

const phones = new Map()
let socket
let nextRequestId = 1
const pendingReplies = new Map()

function connect() {
  socket = new WebSocket(`ws://${location.host}/live`)
  const status = document.getElementById('connection')
  socket.addEventListener('open', () => {
    status.textContent = 'connected'
    status.classList.remove('lost')
  })
  socket.addEventListener('close', () => {
    status.textContent = 'disconnected: is `npm start` still running? Reload the page once it is.'
    status.classList.add('lost')
  })
  socket.addEventListener('message', (event) => receive(JSON.parse(event.data)))
}

function receive(message) {
  if (message.type === 'hello') {
    for (const name of message.phones) if (!phones.has(name)) createPhone(name)
  } else if (message.type === 'frame') {
    const phone = phones.get(message.phone)
    // Redrawing mid-composition (pinyin not yet committed) would drop it: draw once it is committed.
    if (phone && phone.composing) phone.deferredFrame = message.frame
    else if (phone) draw(phone, message.frame)
  } else if (message.type === 'error') {
    const phone = phones.get(message.phone)
    if (phone) showError(phone, message.message)
  } else if (message.type === 'reply') {
    const done = pendingReplies.get(message.id)
    pendingReplies.delete(message.id)
    if (done) done(message.error)
  }
}

/** Sends a gesture to a phone's host; a failure shows under that phone. */
function act(phone, method, params) {
  if (socket.readyState !== WebSocket.OPEN) {
    showError(phone, 'not connected to npm start')
    return Promise.resolve(false)
  }
  const id = nextRequestId++
  return new Promise((resolve) => {
    pendingReplies.set(id, (error) => {
      if (error) showError(phone, `${method}: ${error}`)
      resolve(!error)
    })
    socket.send(JSON.stringify({ id, phone: phone.name, method, params }))
  })
}

function showError(phone, text) {
  phone.error.textContent = text
  clearTimeout(phone.errorTimer)
  phone.errorTimer = setTimeout(() => (phone.error.textContent = ''), 8000)
}

function createPhone(name) {
  const section = document.createElement('section')
  section.className = 'phone'
  section.id = `phone-${name}`
  section.innerHTML =
    '<div class="phone-name"></div><div class="phone-frame"><iframe></iframe></div>' +
    '<div class="phone-route"></div><div class="phone-error" role="status"></div>'
  section.querySelector('.phone-name').textContent = name
  document.getElementById('phones').appendChild(section)
  const iframe = section.querySelector('iframe')
  iframe.title = `${name}'s phone`
  // A standards-mode document of our own (about:blank would be quirks mode), same origin as this page.
  const doc = iframe.contentDocument
  doc.open()
  doc.write('<!doctype html><html><head></head><body></body></html>')
  doc.close()
  const phone = {
    name,
    section,
    doc,
    route: section.querySelector('.phone-route'),
    error: section.querySelector('.phone-error'),
    head: '',
    fields: {},
    pendingInputs: new Map(),
    scrollTimers: new Map(),
    unansweredScrolls: new Map(),
    appliedScroll: new Map(),
    composing: false,
    deferredFrame: undefined,
  }
  phones.set(name, phone)
  listen(phone)
}

// ------------------------------------------------------------------ drawing

function draw(phone, frame) {
  showTheme(phone, frame)
  const doc = phone.doc
  const parsed = new DOMParser().parseFromString(frame.document, 'text/html')
  // The host's own dark styles (modals, sheets) hang on <html data-theme>.
  const documentTheme = parsed.documentElement.getAttribute('data-theme')
  if (documentTheme && doc.documentElement.getAttribute('data-theme') !== documentTheme)
    doc.documentElement.setAttribute('data-theme', documentTheme)
  if (parsed.head.innerHTML !== phone.head) {
    phone.head = parsed.head.innerHTML
    doc.head.innerHTML = `${phone.head}<style>${FIELD_CSS}</style>`
  }

  // What the visitor is in the middle of: the focused field (with its caret) and recent scroll positions.
  const active = doc.activeElement
  const focused =
    active && active.classList && active.classList.contains('live-field')
      ? {
          hid: active.dataset.hid,
          value: active.value,
          start: active.selectionStart,
          end: active.selectionEnd,
        }
      : undefined
  const localScroll = new Map()
  for (const element of doc.querySelectorAll('[data-scroll-top]')) {
    const hid = element.dataset.hid
    localScroll.set(hid, element.scrollTop)
    // Moved since the last frame but its scroll event not dispatched yet (the browser fires it with the next
    // rendering, later still on a busy machine): the element is replaced below and that event would never
    // come, so the visitor's scroll would be lost. It is the visitor's all the same.
    if (Math.round(element.scrollTop) !== phone.appliedScroll.get(hid)) visitorScrolled(phone, hid)
  }
  const pageScroll = doc.scrollingElement ? doc.scrollingElement.scrollTop : 0
  if (doc.scrollingElement && Math.round(pageScroll) !== phone.appliedScroll.get('page'))
    visitorScrolled(phone, 'page')

  doc.body.innerHTML = parsed.body.innerHTML
  phone.fields = frame.fields
  phone.route.textContent = frame.route
  for (const field of doc.querySelectorAll('wx-input[data-hid], wx-textarea[data-hid]'))
    makeEditable(phone, field)

  for (const element of doc.querySelectorAll('[data-scroll-top]')) {
    const hid = element.dataset.hid
    element.scrollTop =
      visitorHoldsScroll(phone, hid) && localScroll.has(hid)
        ? localScroll.get(hid)
        : Number(element.dataset.scrollTop)
    element.scrollLeft = Number(element.dataset.scrollLeft)
    phone.appliedScroll.set(hid, Math.round(element.scrollTop))
  }
  if (doc.scrollingElement) {
    doc.scrollingElement.scrollTop = visitorHoldsScroll(phone, 'page')
      ? pageScroll
      : frame.scrollTop
    phone.appliedScroll.set('page', Math.round(doc.scrollingElement.scrollTop))
  }

  if (focused) {
    const field = doc.querySelector(`.live-field[data-hid="${focused.hid}"]`)
    if (field) {
      // Keystrokes the host has not answered yet stay; otherwise the host's value (e.g. cleared after send).
      if (phone.pendingInputs.get(focused.hid)) field.value = focused.value
      field.focus({ preventScroll: true })
      if (field.value === focused.value) field.setSelectionRange(focused.start, focused.end)
    }
  }
}

/** The host draws an input as text; the browser gets a real field over it, holding the host's value. */
function makeEditable(phone, element) {
  const hid = element.dataset.hid
  const multiline = element.localName === 'wx-textarea'
  const placeholder = element.querySelector('[class$="-placeholder"]')
  const shown = element.querySelector('[class$="-value"]')
  const field = phone.doc.createElement(multiline ? 'textarea' : 'input')
  field.className = 'live-field'
  field.dataset.hid = hid
  field.value = phone.fields[hid] ?? ''
  if (placeholder) field.placeholder = placeholder.textContent
  if (shown && field.value && shown.textContent !== field.value) field.type = 'password'
  element.replaceChildren(field)
}

// ------------------------------------------------------------------ gestures

function listen(phone) {
  const doc = phone.doc

  doc.addEventListener('click', (event) => {
    const target = event.target
    if (!target.closest) return
    if (target.closest('.live-field')) return
    const tab = target.closest('.host-tab[data-tab-index]')
    if (tab) return act(phone, 'Host.tapTabBar', { index: Number(tab.dataset.tabIndex) })
    if (target.closest('.host-nav-back')) return act(phone, 'Host.back', {})
    const modalButton = target.closest('.host-modal-buttons > div')
    if (modalButton) {
      const isConfirm = modalButton === modalButton.parentElement.lastElementChild
      return act(phone, 'Host.answerModal', { confirm: isConfirm })
    }
    const sheetItem = target.closest('.host-sheet-item')
    if (sheetItem) {
      const items = [...doc.querySelectorAll('.host-sheet-item')]
      return act(phone, 'Host.answerActionSheet', { index: items.indexOf(sheetItem) })
    }
    if (target.closest('.host-sheet-cancel')) return act(phone, 'Host.answerActionSheet', {})
    const component = target.closest('[data-hid]')
    if (component) act(phone, 'Host.tap', { hid: component.dataset.hid })
  })

  doc.addEventListener('contextmenu', (event) => {
    const component = event.target.closest && event.target.closest('[data-hid]')
    if (!component) return
    event.preventDefault()
    act(phone, 'Host.longPress', { hid: component.dataset.hid })
  })

  const sendValue = (field) => {
    const hid = field.dataset.hid
    phone.pendingInputs.set(hid, (phone.pendingInputs.get(hid) || 0) + 1)
    act(phone, 'Host.input', { hid, text: field.value }).then(() =>
      phone.pendingInputs.set(hid, phone.pendingInputs.get(hid) - 1),
    )
  }

  doc.addEventListener('input', (event) => {
    const field = event.target
    if (!field.classList.contains('live-field') || event.isComposing) return
    sendValue(field)
  })

  doc.addEventListener('compositionstart', () => (phone.composing = true))
  doc.addEventListener('compositionend', (event) => {
    phone.composing = false
    if (event.target.classList && event.target.classList.contains('live-field'))
      sendValue(event.target)
    const frame = phone.deferredFrame
    phone.deferredFrame = undefined
    if (frame) draw(phone, frame)
  })

  doc.addEventListener('keydown', (event) => {
    const field = event.target
    // Enter is the keyboard's send / done key in an input; in a textarea it starts a new line.
    if (!field.classList || !field.classList.contains('live-field') || field.localName !== 'input')
      return
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return
    event.preventDefault()
    act(phone, 'Host.confirm', { hid: field.dataset.hid })
  })

  // Scroll events do not bubble: listen in the capture phase, and send where the scrolling came to rest.
  doc.addEventListener(
    'scroll',
    (event) => {
      const target = event.target
      const isPage = target === doc || target === doc.scrollingElement
      const hid = isPage ? undefined : target.dataset && target.dataset.hid
      if (!isPage && (!hid || !target.hasAttribute('data-scroll-top'))) return
      const key = isPage ? 'page' : hid
      const scrolled = isPage ? doc.scrollingElement : target
      // A redraw putting the host's position back also fires scroll events: those are not the visitor's.
      if (Math.round(scrolled.scrollTop) === phone.appliedScroll.get(key)) return
      visitorScrolled(phone, key)
    },
    true,
  )
}

/** The visitor's position for `key` wins: the scrolling has not rested yet, or its Host.scroll is unanswered. */
function visitorHoldsScroll(phone, key) {
  return phone.scrollTimers.has(key) || (phone.unansweredScrolls.get(key) || 0) > 0
}

/**
 * The visitor scrolled `key` (a scroll-view's hid, or 'page'): its position wins over frames until the host
 * has answered, and reaches the host once the scrolling has rested. The element is looked up again then, as
 * a frame may have replaced it in the meantime.
 */
function visitorScrolled(phone, key) {
  clearTimeout(phone.scrollTimers.get(key))
  phone.scrollTimers.set(
    key,
    setTimeout(() => {
      phone.scrollTimers.delete(key)
      const doc = phone.doc
      const scrolled =
        key === 'page'
          ? doc.scrollingElement
          : doc.querySelector(`[data-hid="${key}"][data-scroll-top]`)
      if (!scrolled) return
      const scrollTop = Math.round(scrolled.scrollTop)
      phone.appliedScroll.set(key, scrollTop)
      phone.unansweredScrolls.set(key, (phone.unansweredScrolls.get(key) || 0) + 1)
      act(phone, 'Host.scroll', key === 'page' ? { scrollTop } : { hid: key, scrollTop }).then(
        () => {
          phone.unansweredScrolls.set(key, phone.unansweredScrolls.get(key) - 1)
        },
      )
    }, SCROLL_SEND_DELAY_MS),
  )
}

// ------------------------------------------------------------------ theme

/** The visitor picks the phones' system theme; each host switches its phone (and the app, if it follows). */
function listenToThemePicker() {
  for (const input of document.querySelectorAll('#theme-picker input[name="theme"]')) {
    input.addEventListener('change', () => {
      if (!input.checked) return
      for (const phone of phones.values()) act(phone, 'Host.setTheme', { theme: input.value })
    })
  }
}

/** What the host says the phone is in: the picker and each phone follow the hosts, not the clicks. */
function showTheme(phone, frame) {
  if (!frame.theme) return
  phone.section.dataset.theme = frame.theme
  phone.section.dataset.appTheme = frame.appTheme
  const themes = new Set([...phones.values()].map((each) => each.section.dataset.theme))
  if (themes.size !== 1) return
  const input = document.querySelector(`#theme-picker input[value="${frame.theme}"]`)
  if (input) input.checked = true
}

window.addEventListener('load', () => {
  listenToThemePicker()
  connect()
})
