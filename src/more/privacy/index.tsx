import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { heading } from '@/a11y'
import { api, API_ORIGIN } from '@/api/client'
import { PageRoot } from '@/components/page-root'
import { Section } from '@/components/section'
import { SettingSwitch } from '@/components/setting-switch'
import { useResource } from '@/hooks/use-resource'
import { measuring, setMeasuring } from '@/reach/events'
import './index.scss'

/** The day this text last changed: update it with the text (and the declaration in the README). */
export const PRIVACY_UPDATED = '2026 年 11 月 29 日'

/** One thing the app keeps or does, in a sentence a citizen can check against what they see. */
function Item({ term, children }: { term: string; children: string }) {
  return (
    <View className='privacy__item'>
      <Text className='privacy__term'>{term}：</Text>
      <Text>{children}</Text>
    </View>
  )
}

/** The measurement switch: on by default, remembered on the device; off stops recording and clears the queue. */
function MeasureSwitch() {
  const [on, setOn] = useState(measuring)
  const label = '帮助我们改进：匿名统计浏览和分享次数'
  return (
    <SettingSwitch
      name={label}
      text={`${label}（${on ? '已开启' : '已关闭'}）`}
      on={on}
      onChange={(next) => {
        setMeasuring(next)
        setOn(next)
      }}
    />
  )
}

function P({ children }: { children: string }) {
  return <Text className='privacy__p'>{children}</Text>
}

/**
 * 隐私保护指引: what this app keeps on the device, what its requests carry, what it never collects, and the three
 * things it does only on a tap (clipboard, phone, the 12315 mini-program). Kept true to the code: every
 * Taro.setStorageSync key, every request and every privacy API of src/ is named here (README "Release").
 */
export default function PrivacyPage() {
  // Only the names come from the API (site settings); the text is in the package, so it shows offline too.
  const site = useResource('site', () => api.site()).data
  const bureau = site?.bureauName ?? '运营本小程序的市场监督管理局'
  const app = site ? `“${site.appName}”` : '本小程序'
  const hotline = site?.hotline ?? '12315'
  const website = site?.website12315 ?? 'https://www.12315.cn'
  // H5 asks its own host (empty origin); WeChat the API's domain, named so a reader can check it.
  const server = API_ORIGIN ? `内容服务（${API_ORIGIN.replace(/^https?:\/\//, '')}）` : '本网站的内容服务'

  return (
    <PageRoot className='privacy'>
      <Text className='page-title' {...heading(1)}>
        隐私保护指引
      </Text>
      <Text className='muted privacy__date'>更新日期：{PRIVACY_UPDATED}</Text>
      <P>
        {`${app}由${bureau}运营，提供法规解读、消费警示、投诉举报指引和微视频。不用登录，不收集您的姓名、手机号、位置等个人信息。下面说明它在您手机上保存了什么、联网时发出了什么。`}
      </P>

      <Section title='保存在这台手机上的内容'>
        <Item term='我的收藏'>您点“收藏”保存的文章，最多 100 篇。</Item>
        <Item term='最近浏览'>您打开过的文章，最多 30 篇。</Item>
        <Item term='最近搜索'>您搜索过的词，最多 10 个。</Item>
        <Item term='看过的内容'>
          打开过的页面内容留一份副本，下次先显示，没有网络时也能看；最多 80 份、3 MB，旧的自动删除。
        </Item>
        <Item term='长辈模式'>大字开关是开还是关。</Item>
        <Item term='匿名统计'>
          下面“匿名统计”说到的待发送记录（最多 500 条，发出后删除）、当天的随机编号，以及统计开关是开还是关。
        </Item>
        <P>
          这些只保存在您的手机上（微信给本小程序的存储空间；网页版保存在浏览器里），不会上传，我们看不到。删除方法：在“收藏与浏览记录”页点“清除浏览记录”，在文章页取消收藏，在搜索页点“清除”；在微信里删除本小程序，会连同这些记录一起删除。
        </P>
      </Section>

      <Section title='联网时发出的内容'>
        <P>
          {`打开页面时，本小程序向${server}请求这一页的内容，请求里只有栏目、文章编号、页码或您输入的搜索词（匿名统计另见下文）。图片和视频从这里或运营单位的媒体服务器下载。`}
        </P>
        <P>
          请求不带登录信息，不带微信账号标识（openid），不带手机号，也不带位置。和所有网站一样，服务器能看到发出请求的网络地址（IP），只用来防止恶意刷量和排查故障，不用来识别您是谁。
        </P>
      </Section>

      <Section title='匿名统计（可以关闭）'>
        <P>
          为了知道哪些法规解读、消费警示和视频真正帮到了人、哪张分享卡片传得远，本小程序统计这些次数：打开了哪个页面和哪篇文章，分享了哪篇文章、从分享卡片打开了哪篇，视频开始播放和看完，点了
          12315 热线和投诉渠道，以及没有搜到结果的搜索词（其中像手机号、身份证号的 7 位以上数字会先删掉）。
        </P>
        <P>
          每条记录只有事件类型、时间、页面和文章编号，以及这台手机当天随机生成的编号（每天换一个，不能用来认出您）。不收集
          openid、手机号、位置，也不收集您输入的其他内容。记录先存在手机上，每 10
          秒或离开小程序时一批发给内容服务；没有网络时留着，联网后再发。
        </P>
        <MeasureSwitch />
        <P>关闭后不再记录，还没发出的记录立即删除；以后随时可以在这里重新开启。</P>
      </Section>

      <Section title='不收集的信息'>
        <P>
          本小程序不获取您的微信头像、昵称、openid、手机号、位置、通讯录、相册、麦克风和摄像头，不读取剪贴板，除上面可以关闭的匿名次数统计外不记录您看了什么，没有广告。
        </P>
        <P>微信作为平台，按微信自己的隐私政策处理信息；本小程序不调用微信登录，拿不到您的微信账号信息。</P>
      </Section>

      <Section title='只在您点按时才用到的功能'>
        <Item term='复制网址（剪贴板）'>
          文章里的网址链接在小程序里打不开。您点它时，本小程序把这一个网址写入剪贴板，方便您粘贴到浏览器；不读取剪贴板里原有的内容。如果您没有同意使用剪贴板，会改为把网址显示出来，您可以手动抄下。
        </Item>
        <Item term='拨打电话'>
          点“拨打 12315”等按钮时，微信打开手机的拨号界面，由您决定是否拨出；本小程序看不到您的号码和通话记录。
        </Item>
        <Item term='打开“12315”小程序'>
          点按钮后，微信先问您是否打开。在 12315 小程序里提交的投诉举报由该平台处理，适用它自己的隐私政策。
        </Item>
        <Item term='分享'>用微信转发或分享到朋友圈时，卡片里只有文章标题、图片和文章编号，不含您的信息。</Item>
      </Section>

      <Section title='运营者与联系方式'>
        <P>
          {`本小程序由${bureau}运营。对本指引有疑问，或认为我们处理信息的方式不妥，可以拨打 ${hotline} 热线咨询，或在全国 12315 平台（${website}）留言，请说明是关于${app}。`}
        </P>
        <Text className='muted privacy__p'>内容有变化时，我们会更新本页，并改写上面的更新日期。</Text>
      </Section>
    </PageRoot>
  )
}
