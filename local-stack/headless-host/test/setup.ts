// The automator client's route helpers sleep 3 s, and each file starts a host process with Chromium behind it.
jest.setTimeout(60000)
