// Formatting tests assert Chinese local times: pin the zone the product's users live in.
process.env.TZ = 'Asia/Shanghai'
