import { Button, Text, View } from '@tarojs/components'
import { button, heading } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import Taro from '@tarojs/taro'
import { api } from '@/api/client'
import { CachedNotice } from '@/components/cached-notice'
import { callNumber, HotlineBar } from '@/components/hotline-bar'
import { Section } from '@/components/section'
import { SourcesList } from '@/components/sources-list'
import { Triage } from '@/components/triage'
import { useResource } from '@/hooks/use-resource'
import { useShareCard } from '@/hooks/use-share-card'
import type { ServicesResponse } from '@/model/api'
import { SERVICES } from '@/routes'
import { useRestOfPage } from '@/hooks/use-first-screen'
import { recordChannelOpen } from '@/reach/use-reach'
import packaged from '@/offline/services.json'
import './index.scss'

function MiniProgramEntry({ link, website }: { link: ServicesResponse['miniProgram12315']; website: string }) {
  const configured = Boolean(link.appId || link.shortLink)
  const open = () => {
    recordChannelOpen()
    Taro.navigateToMiniProgram({
      appId: link.appId ?? '',
      shortLink: link.shortLink,
      path: link.path,
    } as Taro.navigateToMiniProgram.Option).catch(() => {
      // The user cancelled WeChat's confirmation, or the link did not open: the text below still says how.
    })
  }
  return (
    <View className='card'>
      <Text className='services__card-title' {...heading(2)}>
        网上投诉：{link.name}
      </Text>
      {configured ? (
        <Button {...button()} className='btn' onClick={open}>
          打开“{link.name}”小程序
        </Button>
      ) : (
        <Text className='services__fallback'>
          在微信里搜索“{link.name}”小程序，或用电脑访问 {website} 提交投诉举报。
        </Text>
      )}
    </View>
  )
}

export default function ServicesPage() {
  const services = useResource('services', () => api.services())
  useShareCard({ title: '消费投诉举报怎么办？12315 一看就懂', path: SERVICES })
  // The copy shipped in the package answers at once and with no network at all; the API's is fresher.
  const data = services.data ?? (packaged as ServicesResponse)
  const offline = !services.data && Boolean(services.error)
  // The first screen (hotline, intro, triage) first; the channels, rules and city hotlines a frame later.
  const rest = useRestOfPage()

  return (
    <PageRoot className='services'>
      <Text className='page-title' {...heading(1)}>
        投诉举报
      </Text>
      <HotlineBar hotline={data?.hotline} />
      <CachedNotice savedAt={services.savedAt} error={services.error} onRetry={services.reload} />
      {offline && (
        <View className='services__offline' ariaRole='status'>
          <Text>网络不畅，下面是随小程序提供的信息，热线和办事指引都能用。</Text>
          <Button {...button()} className='btn btn-plain services__offline-retry' onClick={services.reload}>
            重试
          </Button>
        </View>
      )}
      {data.intro.split('\n').map((paragraph, i) => (
        <Text key={i} className='services__intro'>
          {paragraph}
        </Text>
      ))}
      {data.triage && data.triage.length > 0 && (
        <Section title='不知道找谁？回答几个问题'>
          <Triage questions={data.triage} channels={data.channels} />
        </Section>
      )}
      {rest && (
        <>
          <MiniProgramEntry link={data.miniProgram12315} website={data.website12315} />
          <Section title='投诉、举报、咨询，选哪个？'>
            {data.channels.map((channel) => (
              <View key={channel.kind} className='card services__channel'>
                <Text className='services__card-title' {...heading(3)}>
                  {channel.title}
                </Text>
                <Text className='services__when'>{channel.whenToUse}</Text>
                <Text className='services__checklist-title'>需要准备：</Text>
                {channel.checklist.map((entry, i) => (
                  <Text key={i} className='services__checklist-item'>
                    {i + 1}. {entry}
                  </Text>
                ))}
              </View>
            ))}
          </Section>
          <Section title='受理规则'>
            <View className='card'>
              {data.acceptanceRules.map((rule, i) => (
                <Text key={i} className='services__rule'>
                  • {rule}
                </Text>
              ))}
            </View>
          </Section>
          <Section title='各地 12315'>
            {data.offices.map((office) => (
              <View key={office.region} className='card services__office'>
                <View className='services__office-text'>
                  <Text className='services__office-name'>{office.name}</Text>
                  <Text className='muted'>{office.phone}</Text>
                  {office.address && <Text className='muted'>{office.address}</Text>}
                </View>
                <Button
                  {...button()}
                  className='btn btn-plain services__office-call'
                  ariaLabel={`拨打${office.name} ${office.phone}`}
                  onClick={() => callNumber(office.phone.replace('-', ''))}
                >
                  拨打
                </Button>
              </View>
            ))}
          </Section>
          <SourcesList sources={data.sources} />
        </>
      )}
    </PageRoot>
  )
}
