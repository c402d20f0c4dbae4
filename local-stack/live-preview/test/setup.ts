// The test starts the whole `npm start` stack (a mini-program build, two hosts) and drives it by clicking.
jest.setTimeout(240000)
