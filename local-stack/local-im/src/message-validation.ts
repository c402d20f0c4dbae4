/**
 * Message bodies checked against Tencent's message format (TIMMsgElement, one schema per MsgType)
 * before anything is stored, so a malformed body never reaches a peer's SDK. Fields the real SDK
 * adds beyond the documented ones (InstanceId, Snapshot*, Version…) are allowed; documented fields
 * must have their documented types, and the ones an element cannot work without are required.
 */
import Ajv, { type ErrorObject } from 'ajv'

/** Why a body was refused; each wire surface maps it to Tencent's code for it. */
export type BodyProblemKind =
  /** MsgBody is not an array (REST 90007). */
  | 'notArray'
  /** An element breaks the message format (REST 90002). */
  | 'element'
  /** Another field of the request breaks the format, e.g. CloudCustomData (REST 90010). */
  | 'request'

export interface BodyProblem {
  kind: BodyProblemKind
  reason: string
}

/** Relay (merged-forward) messages nest; the SDK flags more than this many layers. */
const MAX_RELAY_LAYERS = 100

const str = { type: 'string' }
const count = { type: 'number', minimum: 0 }
const flag = { type: 'integer' }
const object = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  properties,
})

/** MsgContent of each element type, after Tencent's "消息格式描述" (message format) page. */
const contentSchemas: Record<string, unknown> = {
  TIMTextElem: object(['Text'], { Text: str }),
  TIMFaceElem: object(['Index'], { Index: { type: 'integer' }, Data: str }),
  TIMCustomElem: object([], { Data: str, Desc: str, Ext: str, Sound: str }),
  TIMLocationElem: object(['Latitude', 'Longitude'], {
    Desc: str,
    Latitude: { type: 'number', minimum: -90, maximum: 90 },
    Longitude: { type: 'number', minimum: -180, maximum: 180 },
  }),
  TIMSoundElem: object(['Url', 'UUID', 'Size', 'Second'], {
    Url: str,
    UUID: str,
    Size: count,
    Second: count,
    Download_Flag: flag,
  }),
  TIMImageElem: object(['UUID', 'ImageFormat', 'ImageInfoArray'], {
    UUID: str,
    ImageFormat: { type: 'integer', minimum: 0 },
    ImageInfoArray: {
      type: 'array',
      minItems: 1,
      items: object(['Type', 'Size', 'Width', 'Height', 'URL'], {
        Type: { enum: [1, 2, 3] },
        Size: count,
        Width: count,
        Height: count,
        URL: str,
      }),
    },
  }),
  TIMFileElem: object(['Url', 'UUID', 'FileSize', 'FileName'], {
    Url: str,
    UUID: str,
    FileSize: count,
    FileName: str,
    Download_Flag: flag,
  }),
  // The real SDK sends no ThumbUrl (its thumbnail is never uploaded), so only the video is required.
  TIMVideoFileElem: object(['VideoUrl', 'VideoUUID', 'VideoSize', 'VideoSecond', 'VideoFormat'], {
    VideoUrl: str,
    VideoUUID: str,
    VideoSize: count,
    VideoSecond: count,
    VideoFormat: str,
    VideoDownloadFlag: flag,
    ThumbUrl: str,
    ThumbUUID: str,
    ThumbSize: count,
    ThumbWidth: count,
    ThumbHeight: count,
    ThumbFormat: str,
    ThumbDownloadFlag: flag,
  }),
  TIMRelayElem: {
    ...object(['Title', 'AbstractList', 'CompatibleText'], {
      Title: str,
      AbstractList: { type: 'array', items: str },
      CompatibleText: str,
      MsgNum: { type: 'integer', minimum: 0 },
      JsonMsgKey: str,
      PbMsgKey: str,
      MsgList: {
        type: 'array',
        items: object(['MsgBody'], { MsgBody: { $ref: '#/definitions/body' } }),
      },
    }),
    // The forwarded messages travel inline or were saved beforehand under a key.
    anyOf: [
      { required: ['MsgList'], properties: { MsgList: { minItems: 1 } } },
      { required: ['JsonMsgKey'], properties: { JsonMsgKey: { minLength: 1 } } },
    ],
  },
}

export const ELEMENT_TYPES = Object.keys(contentSchemas)

const bodySchema = {
  definitions: {
    body: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['MsgType', 'MsgContent'],
        properties: { MsgType: { enum: ELEMENT_TYPES }, MsgContent: { type: 'object' } },
        allOf: ELEMENT_TYPES.map((type) => ({
          if: { properties: { MsgType: { const: type } } },
          then: { properties: { MsgContent: contentSchemas[type] } },
        })),
      },
    },
  },
  $ref: '#/definitions/body',
}

const validateBody = new Ajv({ allErrors: false, strict: false }).compile(bodySchema)

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'MsgBody does not follow the message format'
  return `MsgBody${error.instancePath.replace(/\//g, '.')} ${error.message ?? 'is invalid'}`
}

/** Layers of relay messages nested inside each other (0 for a body without any). */
function relayDepth(body: unknown, depth = 0): number {
  if (!Array.isArray(body) || depth > MAX_RELAY_LAYERS) return depth
  let deepest = depth
  for (const element of body) {
    const list = (element as { MsgContent?: { MsgList?: unknown } } | null)?.MsgContent?.MsgList
    if (!Array.isArray(list)) continue
    for (const inner of list) {
      const innerBody = (inner as { MsgBody?: unknown } | null)?.MsgBody
      deepest = Math.max(deepest, relayDepth(innerBody, depth + 1))
    }
  }
  return deepest
}

/** Checks MsgBody and CloudCustomData; undefined when the message may be stored. */
export function checkMessage(body: unknown, cloudCustomData: unknown): BodyProblem | undefined {
  if (!Array.isArray(body)) return { kind: 'notArray', reason: 'MsgBody must be an array' }
  if (relayDepth(body) > MAX_RELAY_LAYERS) {
    return { kind: 'element', reason: `relay messages nest more than ${MAX_RELAY_LAYERS} layers` }
  }
  if (!validateBody(body)) return { kind: 'element', reason: describe(validateBody.errors?.[0]) }
  const custom = body.filter((element) => element.MsgType === 'TIMCustomElem').length
  if (custom > 1) {
    return { kind: 'element', reason: 'a message carries at most one TIMCustomElem' }
  }
  if (cloudCustomData !== undefined && typeof cloudCustomData !== 'string') {
    return { kind: 'request', reason: 'CloudCustomData must be a string' }
  }
  return undefined
}
