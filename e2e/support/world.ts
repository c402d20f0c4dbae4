/**
 * What one spec file runs against: its own local IM + app server (free ports), its own copy of the run's
 * build pointed at them, and the phones it opens. Screenshots go to <run folder>/<spec>/<scenario>/.
 */
import path from 'node:path'
import type { LocalStack } from '@tim-c2c/test-support'
import { currentMode, launchStack, openDevice, projectFor, runDir } from './mode'
import { Phone } from './phone'

export interface WorldOptions {
  /** Lifetime of the UserSigs the app server issues, in seconds. */
  userSigTtl?: number
  /** Extra app config for this spec's build copy (miniprogram/config ConfigOverrides). */
  appConfig?: Record<string, unknown>
}

export interface PhoneOptions {
  /** Keep the phone's storage in a file of this world, so the phone opened again finds its saved session. */
  keepStorage?: boolean
  /** The phone starts without a network (host only). */
  offline?: boolean
}

export class World {
  private readonly phones: Phone[] = []
  private scenario = 'setup'
  private readonly opened = new Map<string, number>()

  private constructor(
    readonly stack: LocalStack,
    readonly folder: string,
    private readonly projectDir: string | undefined,
  ) {}

  static async create(spec: string, options: WorldOptions = {}): Promise<World> {
    const folder = path.join(runDir(), spec)
    // The local IM keeps its data on disk so a restart (outage scenario) loses nothing.
    const stack = await launchStack({
      dataDir: path.join(folder, 'local-im-data'),
      userSigTtl: options.userSigTtl,
    })
    try {
      const projectDir =
        currentMode().kind === 'host'
          ? projectFor(stack, path.join(folder, 'project'), options.appConfig)
          : undefined
      return new World(stack, folder, projectDir)
    } catch (error) {
      await stack.stop()
      throw error
    }
  }

  /** Names the folder the next screenshots go to (one per scenario). */
  startScenario(name: string): void {
    this.scenario = name.replace(/[^\w\u4e00-\u9fff-]+/g, '-').replace(/^-|-$/g, '')
    for (const phone of this.phones) phone.shotsDir = this.shotsDirOf(phone.name)
  }

  private shotsDirOf(phoneName: string): string {
    return path.join(this.folder, this.scenario, phoneName)
  }

  async openPhone(name: string, options: PhoneOptions = {}): Promise<Phone> {
    // A phone turned off and on again gets a new folder: its host numbers its pictures from 001 again.
    const count = (this.opened.get(name) ?? 0) + 1
    this.opened.set(name, count)
    const device = await openDevice({
      projectDir: this.projectDir,
      screenshotsDir: path.join(this.folder, 'pages', count === 1 ? name : `${name}-${count}`),
      label: name,
      storageFile: options.keepStorage
        ? path.join(this.folder, 'storage', `${name}.json`)
        : undefined,
      offline: options.offline,
    })
    const phone = new Phone(name, device, this.shotsDirOf(name))
    this.phones.push(phone)
    return phone
  }

  /** Turns a phone off (its process ends; nothing it held in memory survives). */
  async closePhone(phone: Phone): Promise<void> {
    this.phones.splice(this.phones.indexOf(phone), 1)
    await phone.close()
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.phones.map((phone) => phone.close()))
    await this.stack.stop()
  }
}
